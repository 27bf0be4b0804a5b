import { LegflowError } from '../errors.ts';
import type { Broker, BrokerListener, BrokerMode, Order, OrderChange, OrderRequest, Settlement } from './types.ts';

/** What the router needs to know about the deployment asking. */
export interface DeploymentRef {
  id: string;
  mode: BrokerMode;
}

export type BrokerRoutingErrorCode = 'MODE_MISMATCH' | 'UNKNOWN_ACCOUNT' | 'NO_BROKER_FOR_MODE';

/** An order the router refused to deliver; nothing was placed anywhere. */
export class BrokerRoutingError extends LegflowError<BrokerRoutingErrorCode> {
  override readonly name = 'BrokerRoutingError';
}

/**
 * The one place that decides which broker an order reaches. A sim deployment can only ever reach a sim
 * broker and a sim account; a live deployment only a live broker and a live account. Only brokers of the
 * deployment's mode are even asked for the account, so a mistake elsewhere (a live account id in a sim
 * deployment's config) ends here as a typed error instead of a real order.
 */
export class BrokerRouter {
  private readonly brokers: readonly Broker[];

  constructor(brokers: readonly Broker[]) {
    const ids = new Set<string>();
    for (const broker of brokers) {
      if (ids.has(broker.id)) throw new Error(`Two brokers share the id "${broker.id}"; broker ids must be unique.`);
      ids.add(broker.id);
    }
    this.brokers = [...brokers];
  }

  /** The broker that holds `accountId`, provided account, broker and deployment all share one mode. */
  async brokerFor(deployment: DeploymentRef, accountId: string): Promise<Broker> {
    const sameMode = this.brokers.filter((b) => b.mode === deployment.mode);
    for (const broker of sameMode) {
      const account = (await broker.accounts()).find((a) => a.id === accountId);
      if (account === undefined) continue;
      if (account.mode !== deployment.mode) throw this.mismatch(deployment, accountId, account.mode);
      return broker;
    }
    // Not found among brokers of the right mode. Look at the others only to explain the refusal.
    for (const broker of this.brokers) {
      if (broker.mode === deployment.mode) continue;
      const account = (await broker.accounts()).find((a) => a.id === accountId);
      if (account !== undefined) throw this.mismatch(deployment, accountId, account.mode);
    }
    if (sameMode.length === 0) {
      throw new BrokerRoutingError('NO_BROKER_FOR_MODE', `No ${deployment.mode} broker is configured, so deployment ${deployment.id} cannot place orders.`, {
        deploymentId: deployment.id,
        mode: deployment.mode,
      });
    }
    throw new BrokerRoutingError('UNKNOWN_ACCOUNT', `Account "${accountId}" is not known to any ${deployment.mode} broker; check the deployment's accounts.`, {
      deploymentId: deployment.id,
      accountId,
      mode: deployment.mode,
    });
  }

  async placeOrder(deployment: DeploymentRef, req: OrderRequest): Promise<Order> {
    const broker = await this.brokerFor(deployment, req.accountId);
    return broker.placeOrder(req);
  }

  async modifyOrder(deployment: DeploymentRef, accountId: string, orderId: string, change: OrderChange): Promise<Order> {
    const broker = await this.brokerFor(deployment, accountId);
    return broker.modifyOrder(orderId, change);
  }

  async cancelOrder(deployment: DeploymentRef, accountId: string, orderId: string): Promise<Order> {
    const broker = await this.brokerFor(deployment, accountId);
    return broker.cancelOrder(orderId);
  }

  /**
   * The order placed under `clientOrderId` on the account, or undefined when its broker has none: how a
   * restarted engine learns what became of the orders it was waiting for.
   */
  async findOrder(deployment: DeploymentRef, accountId: string, clientOrderId: string): Promise<Order | undefined> {
    const broker = await this.brokerFor(deployment, accountId);
    const [order] = await broker.orders({ accountId, clientOrderId });
    return order;
  }

  /**
   * The settlement of the account's position in an expired contract, from its broker (booked there once);
   * undefined while the contract has not expired (see Broker.settleExpired).
   */
  async settleExpired(deployment: DeploymentRef, accountId: string, symbol: string): Promise<Settlement | undefined> {
    const broker = await this.brokerFor(deployment, accountId);
    return broker.settleExpired(accountId, symbol);
  }

  /** Order, fill and position events of every broker. */
  onUpdate(listener: BrokerListener): () => void {
    const offs = this.brokers.map((b) => b.onUpdate(listener));
    return () => {
      for (const off of offs) off();
    };
  }

  private mismatch(deployment: DeploymentRef, accountId: string, accountMode: BrokerMode): BrokerRoutingError {
    return new BrokerRoutingError(
      'MODE_MISMATCH',
      `Deployment ${deployment.id} is ${deployment.mode} but account "${accountId}" is ${accountMode}: ` +
        `a ${deployment.mode} deployment may only trade ${deployment.mode} accounts. Nothing was placed.`,
      { deploymentId: deployment.id, deploymentMode: deployment.mode, accountId, accountMode },
    );
  }
}
