import type { Clock, EnterResult, ExitResult, MarketPort, PlacedOrder } from '../context.ts';
import { toPaise, toRupees, type Paise } from '../money.ts';
import { istParts, istToMs } from '../time.ts';
import type { BrokerRouter, DeploymentRef } from '../broker/broker-router.ts';
import { Emitter } from '../broker/emitter.ts';
import { counterIds, type IdGenerator, type Order, type OrderRequest } from '../broker/types.ts';
import { checkEntry, limitPricePaise } from './entry-rules.ts';
import { SymbolTable, closeLeg, groupView, isActive, newGroupLeg, openLeg, placedOrder } from './group.ts';
import { OrderPacer } from './pacer.ts';
import type { EnterArgs, ExitArgs, GroupLeg, GroupView, PositionEvent, PositionGroup, PositionListener } from './types.ts';

export interface PositionManagerOptions {
  router: BrokerRouter;
  market: MarketPort;
  clock: Clock;
  ids?: IdGenerator;
  /** Rupees, default 0.05: stops, targets and limit prices are rounded to it. */
  tickSize?: number;
}

interface OrderLink {
  group: PositionGroup;
  leg: GroupLeg;
  kind: 'entry' | 'exit';
}

/**
 * Position groups owned by deployments: places the orders of an entry, follows their fills, exits legs,
 * groups or whole deployments, and reports group_exited. P&L is kept per leg in integer paise.
 */
export class PositionManager {
  /** Shared with the monitor, which caches one LTP per symbol index. */
  readonly symbols = new SymbolTable();
  private readonly router: BrokerRouter;
  private readonly market: MarketPort;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly tickPaise: Paise;
  private readonly pacer: OrderPacer;
  /** Open groups of every deployment, oldest first: the monitor's work list. */
  private readonly open: PositionGroup[] = [];
  /** Every group a deployment ever had, oldest first: its history. */
  private readonly byDeployment = new Map<string, PositionGroup[]>();
  /** Only the open ones: what entries, exits and limits look at, so a long day's history costs nothing. */
  private readonly openByDeployment = new Map<string, PositionGroup[]>();
  private readonly entries = new Map<string, Promise<PositionGroup>>();
  /** By account + clientOrderId, registered before placing so a fill reported early is not lost. */
  private readonly links = new Map<string, OrderLink>();
  private readonly events = new Emitter<PositionEvent>();

  constructor(options: PositionManagerOptions) {
    this.router = options.router;
    this.market = options.market;
    this.clock = options.clock;
    this.ids = options.ids ?? counterIds();
    this.tickPaise = toPaise(options.tickSize ?? 0.05);
    this.pacer = new OrderPacer(options.clock);
    this.router.onUpdate((event) => {
      if (event.type === 'order') this.onOrder(event.order);
    });
  }

  async enter(args: EnterArgs): Promise<EnterResult> {
    const key = `${args.deploymentId}\u0000${args.idempotencyKey}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = this.placeEntry(args);
      this.entries.set(key, entry);
      // A refused entry is forgotten, so the same key may be tried again once the cause is fixed.
      entry.catch(() => this.entries.delete(key));
    }
    const group = await entry;
    return { groupId: group.id, orders: group.legs.map((leg) => ({ ...leg.entryOrder })) };
  }

  async exit(args: ExitArgs): Promise<ExitResult> {
    const result: ExitResult = { orders: [], groupIds: [] };
    for (const { group, legIds } of this.resolveScope(args)) {
      const one = await this.exitLegs(group, legIds, args.reason);
      result.orders.push(...one.orders);
      result.groupIds.push(...one.groupIds);
    }
    return result;
  }

  /**
   * Exits the open legs of a group (all of them when `legIds` is null) with opposite-side MARKET orders and
   * cancels legs whose entry is still resting. Legs are marked before the first await, so a second call for
   * the same legs (the next tick) places nothing.
   */
  async exitLegs(group: PositionGroup, legIds: readonly string[] | null, reason: string): Promise<ExitResult> {
    if (legIds === null) group.exitRequested = true;
    const chosen = group.legs.filter((l) => legIds === null || legIds.includes(l.id));
    const toCancel = chosen.filter((l) => l.status === 'pending');
    const toExit = chosen.filter((l) => l.status === 'open');
    for (const leg of toExit) this.markExiting(leg, reason);
    const deployment = { id: group.deploymentId, mode: group.mode };
    const orders: PlacedOrder[] = [];

    for (const leg of toCancel) {
      // No order id yet: still waiting for its turn, or on its way to the broker. See exitWanted.
      if (leg.entryOrder.id === '') {
        leg.exitWanted = reason;
        continue;
      }
      try {
        const order = await this.router.cancelOrder(deployment, group.accountId, leg.entryOrder.id);
        this.onOrder(order);
        orders.push(placedOrder(leg.id, order));
      } catch (err) {
        // It filled in the meantime: exit it like any open leg.
        if (leg.status === 'open') {
          this.markExiting(leg, reason);
          toExit.push(leg);
        } else orders.push({ ...leg.entryOrder, message: messageOf(err) });
      }
    }
    for (const leg of toExit) {
      leg.exitAttempts += 1;
      const clientOrderId = `${group.deploymentId}:${group.id}:${leg.id}:exit${leg.exitAttempts}`;
      leg.exitClientOrderId = clientOrderId;
      const req: OrderRequest = {
        clientOrderId,
        accountId: group.accountId,
        symbol: leg.symbol,
        side: leg.side === 'BUY' ? 'SELL' : 'BUY',
        qty: leg.qty,
        type: 'MARKET',
        tag: group.deploymentId,
      };
      orders.push(await this.send(group, leg, 'exit', deployment, req));
    }
    this.closeIfDone(group);
    const covered = group.legs.every((l) => l.status !== 'open' && l.status !== 'pending');
    return { orders, groupIds: chosen.length > 0 && covered ? [group.id] : [] };
  }

  onEvent(listener: PositionListener): () => void {
    return this.events.on(listener);
  }

  /** Reports an event to the listeners; the monitor reports its hits through here. */
  publish(event: PositionEvent): void {
    this.events.emit(event);
  }

  /** Open groups of all deployments, oldest first. The live list, for the monitor: do not modify. */
  openGroups(): readonly PositionGroup[] {
    return this.open;
  }

  groups(deploymentId: string): GroupView[] {
    return (this.byDeployment.get(deploymentId) ?? []).map(groupView);
  }

  /** Lots of the deployment's legs that are open, or pending / exiting (they may still hold a position). */
  openLots(deploymentId: string): number {
    let lots = 0;
    for (const group of this.openByDeployment.get(deploymentId) ?? []) {
      for (const leg of group.legs) if (isActive(leg.status)) lots += leg.lots;
    }
    return lots;
  }

  private async placeEntry(args: EnterArgs): Promise<PositionGroup> {
    checkEntry(args, this.market, this.openLots(args.deploymentId));
    const deployment: DeploymentRef = { id: args.deploymentId, mode: args.mode };
    // Refused routing (a live account in a sim deployment) throws here, before anything is placed.
    await this.router.brokerFor(deployment, args.accountId);

    const createdAt = this.clock.now();
    const { risk } = args;
    const group: PositionGroup = {
      id: this.ids.next('grp'),
      deploymentId: args.deploymentId,
      mode: args.mode,
      accountId: args.accountId,
      risk,
      createdAt,
      legs: args.legs.map((leg) => newGroupLeg(leg, this.symbols.indexOf(leg.symbol))),
      status: 'open',
      closedAt: null,
      realisedPaise: 0,
      mtmStopPaise: risk.mtmStopLoss === undefined ? Number.NEGATIVE_INFINITY : -toPaise(risk.mtmStopLoss),
      mtmTargetPaise: risk.mtmTarget === undefined ? Number.POSITIVE_INFINITY : toPaise(risk.mtmTarget),
      squareOffMs: risk.squareOffAt === undefined ? Number.POSITIVE_INFINITY : istToMs(istParts(createdAt).date, risk.squareOffAt),
      exitRequested: false,
    };
    this.open.push(group);
    pushTo(this.byDeployment, group.deploymentId, group);
    pushTo(this.openByDeployment, group.deploymentId, group);

    for (const leg of group.legs) {
      const req: OrderRequest = {
        // Derived from the idempotency key, never random: a replay after a restart still places nothing twice.
        clientOrderId: `${args.deploymentId}:${args.idempotencyKey}:${leg.id}`,
        accountId: args.accountId,
        symbol: leg.symbol,
        side: leg.side,
        qty: leg.qty,
        type: args.orderType,
        tag: args.deploymentId,
      };
      leg.entryOrder.type = args.orderType;
      if (args.orderType === 'LIMIT') {
        const ltp = this.market.quote(leg.symbol)?.ltp;
        if (ltp !== undefined) req.price = toRupees(limitPricePaise(leg.side, toPaise(ltp), args.limitOffsetPct, this.tickPaise));
        leg.entryOrder.price = req.price ?? null;
      }
      await this.send(group, leg, 'entry', deployment, req);
    }
    this.closeIfDone(group);
    return group;
  }

  /** Paces, places and books one order; a broker that throws is recorded as a rejected order. */
  private async send(group: PositionGroup, leg: GroupLeg, kind: OrderLink['kind'], deployment: DeploymentRef, req: OrderRequest): Promise<PlacedOrder> {
    this.links.set(`${req.accountId}\u0000${req.clientOrderId}`, { group, leg, kind });
    try {
      await this.pacer.pace(group.deploymentId, group.risk.limits?.maxOrdersPerSecond);
      if (kind === 'entry' && leg.exitWanted !== null) {
        leg.status = 'cancelled';
        leg.entryOrder = { ...leg.entryOrder, status: 'CANCELLED', message: `Not placed: exited (${leg.exitWanted}) before its turn.` };
        return leg.entryOrder;
      }
      const order = await this.router.placeOrder(deployment, req);
      this.onOrder(order);
      return placedOrder(leg.id, order);
    } catch (err) {
      const failed: PlacedOrder = { id: '', legId: leg.id, symbol: req.symbol, side: req.side, qty: req.qty, type: req.type, price: req.price ?? null, status: 'REJECTED', message: messageOf(err) };
      if (kind === 'exit') this.reopen(group, leg);
      else if (leg.status === 'pending') {
        leg.status = 'rejected';
        leg.entryOrder = failed;
      }
      return failed;
    }
  }

  /** Applies a broker's order report (returned or pushed; whichever comes first wins, the other is a no-op). */
  private onOrder(order: Order): void {
    const link = this.links.get(`${order.accountId}\u0000${order.clientOrderId}`);
    if (link === undefined) return;
    const { group, leg, kind } = link;
    if (kind === 'entry') {
      leg.entryOrder = placedOrder(leg.id, order);
      if (leg.status !== 'pending') return;
      if (order.status === 'FILLED' && order.avgFillPrice !== null) {
        openLeg(leg, toPaise(order.avgFillPrice), this.tickPaise);
        // Its exit was asked for while the order was on its way: honour it now.
        if (leg.exitWanted !== null) void this.exitLegs(group, [leg.id], leg.exitWanted);
      } else if (order.status === 'REJECTED') leg.status = 'rejected';
      else if (order.status === 'CANCELLED') leg.status = 'cancelled';
    } else {
      if (leg.status !== 'exiting' || order.clientOrderId !== leg.exitClientOrderId) return;
      if (order.status === 'FILLED' && order.avgFillPrice !== null) closeLeg(group, leg, toPaise(order.avgFillPrice));
      else if (order.status === 'REJECTED' || order.status === 'CANCELLED') this.reopen(group, leg);
    }
    this.closeIfDone(group);
  }

  private markExiting(leg: GroupLeg, reason: string): void {
    leg.status = 'exiting';
    leg.exitReason = reason;
  }

  /** An exit failed: the leg is open again and the monitor may try again. */
  private reopen(group: PositionGroup, leg: GroupLeg): void {
    if (leg.status !== 'exiting') return;
    leg.status = 'open';
    leg.exitReason = null;
    group.exitRequested = false;
  }

  private closeIfDone(group: PositionGroup): void {
    if (group.status === 'closed' || group.legs.some((l) => isActive(l.status))) return;
    group.status = 'closed';
    group.closedAt = this.clock.now();
    removeFrom(this.open, group);
    removeFrom(this.openByDeployment.get(group.deploymentId) ?? [], group);
    // A group none of whose legs ever filled held no position: there is nothing to report as exited.
    if (!group.legs.some((l) => l.status === 'closed')) return;
    this.publish({ type: 'group_exited', deploymentId: group.deploymentId, groupId: group.id, pnl: toRupees(group.realisedPaise), time: group.closedAt });
  }

  private resolveScope(args: ExitArgs): Array<{ group: PositionGroup; legIds: readonly string[] | null }> {
    const open = this.openByDeployment.get(args.deploymentId) ?? [];
    if (args.scope === 'deployment') return open.map((group) => ({ group, legIds: null }));
    if (args.scope === 'group') {
      const group = args.groupId === undefined ? open.at(-1) : open.find((g) => g.id === args.groupId);
      return group === undefined ? [] : [{ group, legIds: null }];
    }
    const { legId, groupId } = args;
    const candidates = groupId === undefined ? open : open.filter((g) => g.id === groupId);
    // Latest group first: "exit leg X" means the X most recently entered that is still held.
    const group = candidates.findLast((g) => g.legs.some((l) => l.id === legId && (l.status === 'open' || l.status === 'pending')));
    return group === undefined ? [] : [{ group, legIds: [legId] }];
  }
}

function pushTo(map: Map<string, PositionGroup[]>, key: string, group: PositionGroup): void {
  const list = map.get(key);
  if (list) list.push(group);
  else map.set(key, [group]);
}

/** Groups usually close in the order they opened, so the search from the front is short. */
function removeFrom(list: PositionGroup[], group: PositionGroup): void {
  const index = list.indexOf(group);
  if (index >= 0) list.splice(index, 1);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
