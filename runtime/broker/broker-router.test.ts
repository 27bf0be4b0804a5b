import { beforeEach, describe, expect, it } from 'vitest';
import { FixedMarket } from '../market/fixed-market.ts';
import { BrokerRouter, BrokerRoutingError, type DeploymentRef } from './broker-router.ts';
import { SimBroker } from './sim-broker.ts';
import { VirtualClock } from '../market/clock.ts';
import { istToMs } from '../time.ts';
import type { Account, Broker, Funds, Order, OrderRequest } from './types.ts';

const CE = 'NIFTY01DEC2626000CE';
const SIM: DeploymentRef = { id: 'dep-sim', mode: 'sim' };
const LIVE: DeploymentRef = { id: 'dep-live', mode: 'live' };

/** A live broker that only records what reaches it: the test's proof that nothing was placed. */
class RecordingLiveBroker implements Broker {
  readonly id = 'zerodha';
  readonly mode = 'live' as const;
  readonly placed: OrderRequest[] = [];

  placeOrder(req: OrderRequest): Promise<Order> {
    this.placed.push(req);
    const now = 0;
    return Promise.resolve({
      ...req,
      id: `live-${this.placed.length}`,
      price: null,
      status: 'OPEN',
      filledQty: 0,
      avgFillPrice: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  modifyOrder(): Promise<Order> {
    return Promise.reject(new Error('not used'));
  }
  cancelOrder(): Promise<Order> {
    return Promise.reject(new Error('not used'));
  }
  orders(): Promise<Order[]> {
    return Promise.resolve([]);
  }
  positions(): Promise<[]> {
    return Promise.resolve([]);
  }
  accounts(): Promise<Account[]> {
    return Promise.resolve([{ id: 'LIVE-1', name: 'Live', mode: 'live' }]);
  }
  funds(): Promise<Funds> {
    return Promise.reject(new Error('not used'));
  }
  settleExpired(): Promise<undefined> {
    return Promise.reject(new Error('not used'));
  }
  onUpdate(): () => void {
    return () => undefined;
  }
}

function order(accountId: string): OrderRequest {
  return { clientOrderId: 'c1', accountId, symbol: CE, side: 'SELL', qty: 65, type: 'MARKET' };
}

let sim: SimBroker;
let live: RecordingLiveBroker;
let router: BrokerRouter;

beforeEach(() => {
  const market = new FixedMarket().setPrice(CE, 120.05);
  // Wednesday 25 Nov 2026, 10:00 IST: NSE is open, so the SIM broker fills.
  sim = new SimBroker({ market, clock: new VirtualClock(istToMs('2026-11-25', '10:00')), accounts: [{ id: 'SIM-1' }, { id: 'ODD', mode: 'live' }] });
  live = new RecordingLiveBroker();
  router = new BrokerRouter([sim, live]);
});

describe('BrokerRouter', () => {
  it('sends a sim deployment’s order on a SIM account to the SIM broker', async () => {
    const placed = await router.placeOrder(SIM, order('SIM-1'));
    expect(placed.status).toBe('FILLED');
    expect(live.placed).toEqual([]);
  });

  it('sends a live deployment’s order on a live account to the live broker', async () => {
    await router.placeOrder(LIVE, order('LIVE-1'));
    expect(live.placed).toHaveLength(1);
    expect(await sim.orders()).toEqual([]);
  });

  it('refuses a sim deployment given a live account id, and places nothing anywhere', async () => {
    const attempt = router.placeOrder(SIM, order('LIVE-1'));
    await expect(attempt).rejects.toBeInstanceOf(BrokerRoutingError);
    await expect(attempt).rejects.toMatchObject({ code: 'MODE_MISMATCH', message: /sim deployment may only trade sim accounts/ });
    expect(live.placed).toEqual([]);
    expect(await sim.orders()).toEqual([]);
  });

  it('refuses a live deployment given a SIM account id', async () => {
    await expect(router.placeOrder(LIVE, order('SIM-1'))).rejects.toMatchObject({ code: 'MODE_MISMATCH' });
    expect(await sim.orders()).toEqual([]);
  });

  it('refuses a live-mode account even when a sim broker holds it', async () => {
    await expect(router.placeOrder(SIM, order('ODD'))).rejects.toMatchObject({ code: 'MODE_MISMATCH' });
    expect(await sim.orders()).toEqual([]);
  });

  it('names an account no broker of the mode knows', async () => {
    await expect(router.placeOrder(SIM, order('SIM-404'))).rejects.toMatchObject({ code: 'UNKNOWN_ACCOUNT' });
  });

  it('says so when no broker of the deployment’s mode exists', async () => {
    const simOnly = new BrokerRouter([sim]);
    await expect(simOnly.placeOrder(LIVE, order('X'))).rejects.toMatchObject({ code: 'NO_BROKER_FOR_MODE' });
  });

  it('refuses two brokers with one id', () => {
    expect(() => new BrokerRouter([sim, sim])).toThrow(/unique/);
  });

  it('routes cancels through the same check', async () => {
    const open = await router.placeOrder(SIM, { ...order('SIM-1'), type: 'LIMIT', price: 130 });
    await expect(router.cancelOrder(LIVE, 'SIM-1', open.id)).rejects.toMatchObject({ code: 'MODE_MISMATCH' });
    await expect(router.modifyOrder(LIVE, 'SIM-1', open.id, { type: 'MARKET' })).rejects.toMatchObject({ code: 'MODE_MISMATCH' });
    expect((await router.cancelOrder(SIM, 'SIM-1', open.id)).status).toBe('CANCELLED');
  });
});
