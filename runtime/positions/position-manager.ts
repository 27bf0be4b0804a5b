import type { Clock, EnterResult, ExitHow, ExitResult, MarketPort, PlacedOrder } from '../context.ts';
import { roundToTickPaise, toPaise, toRupees, type Paise } from '../money.ts';
import { istParts } from '../time.ts';
import type { BrokerRouter, DeploymentRef } from '../broker/broker-router.ts';
import { orderCharges, settlementCharges, type ChargeRates, type Instrument } from '../broker/charges.ts';
import { Emitter } from '../broker/emitter.ts';
import type { Side } from '../message.ts';
import { clientKey, compareIds, counterIds, type BrokerEvent, type IdGenerator, type Order, type OrderRequest } from '../broker/types.ts';
import { ExchangeHours } from '../market/exchange-hours.ts';
import { errorMessage, unreachable } from '../errors.ts';
import { OrderChaser, chasePricePaise } from './chase.ts';
import { EntryRejectedError, checkEntry, entryOpensAt, groupToJoin, limitPricePaise } from './entry-rules.ts';
import { SymbolTable, entryRequest, exitSide, isNews, newGroup, newGroupLeg, nextExitRequest, placedOrder } from './group.ts';
import { groupView } from './group-view.ts';
import {
  abandonExit,
  awaitsFill,
  cancelBeforePlacing,
  cancelEntry,
  fillEntry,
  fillExit,
  isActive,
  rejectEntry,
  startExit,
  stopChasing,
  takeWantedExit,
  wantExit,
} from './leg-state.ts';
import { exitQuantities } from './partial-exit.ts';
import { GroupIndex } from './group-index.ts';
import { OrderPacer } from './pacer.ts';
import { ExpirySettler } from './settlement.ts';
import { groupFromSnapshot, snapshotOf, type GroupSnapshot } from './snapshot.ts';
import type { EnterArgs, ExitArgs, GroupLeg, GroupView, LegStatus, PositionEvent, PositionGroup, PositionListener } from './types.ts';

export interface PositionManagerOptions {
  router: BrokerRouter;
  market: MarketPort;
  clock: Clock;
  ids?: IdGenerator;
  /** Rupees, default 0.05: stops, targets and limit prices are rounded to it. */
  tickSize?: number;
  /**
   * Charges of a filled order whose broker reports none (see Order.charges), at these rates. A broker that
   * charges its fills (the SIM with a charges model) is read instead, so nothing is charged twice. None
   * when absent.
   */
  charges?: ChargeRates;
  /**
   * When each leg's exchange trades (the bundled calendar and instrument file by default): an entry is
   * refused while it is closed unless it queues for the open, and nothing is exited or chased until it opens.
   */
  hours?: ExchangeHours;
  /**
   * How long (clock ms) a closed group stays in memory after it closed: in `groups`, and entering again with
   * its key returns it. Default: for ever. A server that runs for months sets it, its store keeping the
   * groups (read its history there); keep them longer than a signal can wait to be replayed. Restored
   * closed groups are kept this long from the restore.
   */
  keepClosedMs?: number;
  /**
   * Whether the manager subscribes to the router's broker events itself (default). A kernel that orders who
   * hears a broker event first passes false and calls `onBrokerEvent` at its `broker:positions` hook point.
   */
  subscribe?: boolean;
}

interface OrderLink {
  group: PositionGroup;
  leg: GroupLeg;
  kind: 'entry' | 'exit';
}

/**
 * Position groups owned by deployments: places the orders of an entry, follows their fills, exits legs,
 * groups or whole deployments, and reports group_exited. P&L is kept per leg in integer paise.
 *
 * Persistence: every change of a group is reported synchronously through `onGroupChange` as a plain JSON
 * snapshot, before the next order goes out; `restore` rebuilds the groups from those snapshots after a
 * restart and finds out from the broker what became of the orders they were waiting for.
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
  private readonly charges: ChargeRates | undefined;
  private readonly settler: ExpirySettler;
  private readonly hours: ExchangeHours;
  private readonly groupIndex: GroupIndex;
  private readonly entries = new Map<string, Promise<PositionGroup>>();
  /** Restored groups with legs whose entry never reached the broker, by entry key: a replayed entry places them. */
  private readonly resumable = new Map<string, PositionGroup>();
  /** Those legs. Unlike a leg waiting for its turn in a running entry, nothing places them unless asked. */
  private readonly unplaced = new Set<GroupLeg>();
  /** By account + clientOrderId, registered before placing so a fill reported early is not lost. */
  private readonly links = new Map<string, OrderLink>();
  private readonly chaser: OrderChaser;
  /** Stopped legs watched for their premium's return to the entry price (see watchReturn). */
  private readonly returnWatches = new Map<GroupLeg, PositionGroup>();
  private readonly events = new Emitter<PositionEvent>();
  private readonly changes = new Emitter<GroupSnapshot>();

  constructor(options: PositionManagerOptions) {
    this.router = options.router;
    this.market = options.market;
    this.clock = options.clock;
    this.ids = options.ids ?? counterIds();
    this.tickPaise = toPaise(options.tickSize ?? 0.05);
    this.pacer = new OrderPacer(options.clock);
    this.charges = options.charges;
    this.hours = options.hours ?? ExchangeHours.default();
    this.groupIndex = new GroupIndex(options.keepClosedMs);
    this.settler = new ExpirySettler({
      router: this.router,
      openGroups: () => this.groupIndex.open,
      bookSettlementCharges: (leg, order, pricePaise) => this.bookCharges(leg, order, exitSide(leg), pricePaise, leg.qty, true),
      commit: (group) => this.commit(group),
      publish: (event) => this.publish(event),
    });
    this.chaser = new OrderChaser({
      router: this.router,
      market: this.market,
      pacer: this.pacer,
      tickPaise: this.tickPaise,
      onOrder: (order) => this.onOrder(order),
      commit: (group) => this.commit(group),
      tradable: (symbol, now) => this.tradable(symbol, now),
    });
    if (options.subscribe ?? true) this.router.onUpdate((event) => this.onBrokerEvent(event));
  }

  /** A broker's order, fill or position event: an order moves the leg it belongs to on. */
  onBrokerEvent(event: BrokerEvent): void {
    if (event.type === 'order') this.onOrder(event.order);
  }

  async enter(args: EnterArgs): Promise<EnterResult> {
    const key = entryKey(args.deploymentId, args.idempotencyKey);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const restored = this.resumable.get(key);
      this.resumable.delete(key);
      // The legs of a restored entry are its own, not this call's: a replay after a restart may resolve others.
      const unplaced = (l: GroupLeg) => l.entryKey === args.idempotencyKey && this.unplaced.delete(l);
      entry = restored === undefined ? this.placeEntry(args) : this.placeLegs(restored, restored.legs.filter(unplaced), args);
      this.entries.set(key, entry);
      // A refused entry is forgotten, so the same key may be tried again once the cause is fixed.
      entry.catch(() => this.entries.delete(key));
    }
    const group = await entry;
    // A group the entry added legs to reports those legs only.
    const own = group.legs.filter((leg) => leg.entryKey === args.idempotencyKey);
    return { groupId: group.id, orders: own.map((leg) => ({ ...leg.entryOrder })) };
  }

  async exit(args: ExitArgs): Promise<ExitResult> {
    const result: ExitResult = { orders: [], groupIds: [] };
    // Exiting the position or everything also ends the watches for a re-entry at cost (a leg exit does not).
    if (args.scope !== 'leg' && args.portion === undefined) {
      const groupId = args.scope === 'group' ? args.groupId : undefined;
      for (const [leg, group] of this.returnWatches)
        if (group.deploymentId === args.deploymentId && (groupId === undefined || group.id === groupId)) this.endWatch(group, leg);
    }
    for (const { group, legIds } of this.groupIndex.scope(args)) {
      const one = await this.exitLegs(group, legIds, args.reason, args);
      result.orders.push(...one.orders);
      result.groupIds.push(...one.groupIds);
    }
    return result;
  }

  /**
   * Exits the open legs of a group (all of them when `legIds` is null) with opposite-side orders (MARKET
   * unless `how` chases) and cancels legs whose entry is still resting; with a `how.portion`, only that part
   * of each open leg (see exitPart). Legs are marked (and reported) before the first await, so a second
   * call for the same legs (the next tick) places nothing.
   */
  async exitLegs(group: PositionGroup, legIds: readonly string[] | null, reason: string, how: ExitHow = {}): Promise<ExitResult> {
    const chosen = group.legs.filter((l) => legIds === null || legIds.includes(l.id));
    if (how.portion !== undefined) return this.exitPart(group, exitQuantities(chosen, how.portion), reason, how);
    const toExit = chosen.filter((l) => l.status === 'open');
    const toCancel: GroupLeg[] = [];
    if (legIds === null) {
      group.exitRequested = true;
      for (const leg of group.legs) if (leg.awaitingReturn) this.endWatch(group, leg);
    }
    for (const leg of toExit) startExit(leg, reason, leg.qty);
    for (const leg of chosen) {
      // A partial exit is on its way: the rest goes once it fills (see onOrder).
      if (leg.status === 'exiting' && leg.exitQty < leg.qty) wantExit(leg, reason);
      if (leg.status !== 'pending') continue;
      // Waiting to trade: nothing was placed, so nothing is cancelled at the broker.
      if (leg.waitTriggerPaise !== null) {
        leg.waitTriggerPaise = null;
        cancelBeforePlacing(leg, reason);
        continue;
      }
      // Restored and never placed: there is no order to cancel.
      if (this.unplaced.delete(leg)) cancelBeforePlacing(leg, reason);
      // No order id yet: still waiting for its turn, or on its way to the broker. See exitWanted.
      else if (leg.entryOrder.id === '') wantExit(leg, reason);
      else toCancel.push(leg);
    }
    if (chosen.length > 0) this.commit(group);
    const deployment = { id: group.deploymentId, mode: group.mode };
    const orders: PlacedOrder[] = [];

    for (const leg of toCancel) {
      try {
        const order = await this.router.cancelOrder(deployment, group.accountId, leg.entryOrder.id);
        this.onOrder(order);
        orders.push(placedOrder(leg.id, order));
      } catch (err) {
        // It filled in the meantime: exit it like any open leg.
        if (leg.status === 'open') {
          startExit(leg, reason, leg.qty);
          toExit.push(leg);
        } else orders.push({ ...leg.entryOrder, message: errorMessage(err) });
      }
    }
    for (const leg of toExit) orders.push(await this.sendExit(group, leg, how));
    this.closeIfDone(group);
    const covered = group.legs.every((l) => l.status !== 'open' && l.status !== 'pending');
    return { orders, groupIds: chosen.length > 0 && covered ? [group.id] : [] };
  }

  /**
   * A partial exit: each leg in `units` sends an exit for that many units; the group stays open with the
   * rest, under the same risk. Pending legs are left as they are.
   */
  private async exitPart(group: PositionGroup, units: ReadonlyMap<GroupLeg, number>, reason: string, how: ExitHow): Promise<ExitResult> {
    for (const [leg, qty] of units) startExit(leg, reason, qty);
    if (units.size > 0) this.commit(group);
    const orders: PlacedOrder[] = [];
    for (const leg of units.keys()) orders.push(await this.sendExit(group, leg, how));
    this.closeIfDone(group);
    return { orders, groupIds: units.size > 0 && group.status === 'closed' ? [group.id] : [] };
  }

  /** Sends a leg's exit (marked exiting already): at market, or a chased LIMIT. */
  private async sendExit(group: PositionGroup, leg: GroupLeg, how: ExitHow): Promise<PlacedOrder> {
    const { chase } = how;
    const ltp = how.orderType === 'CHASE' && chase !== undefined ? this.market.quote(leg.symbol)?.ltp : undefined;
    const limit = ltp === undefined || chase === undefined ? undefined : chasePricePaise(exitSide(leg), toPaise(ltp), chase.offsetTicks, this.tickPaise);
    const req = nextExitRequest(group, leg, limit);
    // Reported before the order goes out, so that after a restart it is known which order to look for.
    this.commit(group);
    const placed = await this.send(group, leg, 'exit', { id: group.deploymentId, mode: group.mode }, req);
    if (limit !== undefined && chase !== undefined && leg.status === 'exiting' && placed.status === 'OPEN')
      this.chaser.start(group, leg, chase, placed.id, limit, this.clock.now());
    return placed;
  }

  /** A stopped leg that asks for it is watched until its premium returns to the entry price. */
  watchReturn(group: PositionGroup, leg: GroupLeg): void {
    leg.awaitingReturn = true;
    this.returnWatches.set(leg, group);
    this.commit(group);
  }

  endWatch(group: PositionGroup, leg: GroupLeg): void {
    leg.awaitingReturn = false;
    this.returnWatches.delete(leg);
    this.commit(group);
  }

  /** The watched legs, for the monitor: do not modify. */
  returnWatched(): ReadonlyMap<GroupLeg, PositionGroup> {
    return this.returnWatches;
  }

  /** Whether some order is being chased: the monitor calls chaseDue only then. */
  get hasChases(): boolean {
    return this.chaser.size > 0;
  }

  /** Limit-with-chase: the chased orders whose round is due at `now` are moved (see OrderChaser). */
  chaseDue(now: number): Promise<void> {
    return this.chaser.due(now);
  }

  /**
   * Whether `symbol`'s exchange is open at `now`, so an order on it can fill. The monitor leaves a hit on a
   * closed exchange for its open (a stop hit at 15:30 exits at the next session's first tick, at market).
   */
  tradable(symbol: string, now: number): boolean {
    return this.hours.closedFor(symbol, now) === undefined;
  }

  /** A stop was hit while the leg's exit is chased: the order goes to MARKET now (see OrderChaser.toMarket). */
  exitChaseToMarket(leg: GroupLeg, now: number): Promise<void> {
    return this.chaser.toMarket(leg, now);
  }

  onEvent(listener: PositionListener): () => void {
    return this.events.on(listener);
  }

  /** Every change of a group (made, an order of a leg reported, a leg exiting or closed, the group closed). */
  onGroupChange(listener: (snapshot: GroupSnapshot) => void): () => void {
    return this.changes.on(listener);
  }

  /** Wait and trade: the premium reached the leg's trigger; its entry goes out at market now. */
  async triggerWaiting(group: PositionGroup, leg: GroupLeg): Promise<void> {
    if (leg.status !== 'pending' || leg.waitTriggerPaise === null) return;
    leg.waitTriggerPaise = null;
    this.commit(group);
    await this.send(group, leg, 'entry', { id: group.deploymentId, mode: group.mode }, entryRequest(group, leg, 'MARKET', undefined));
    this.closeIfDone(group);
  }

  /** The monitor moved a leg's stop (trailing, or to cost): the group's new state is reported like any change. */
  levelsMoved(group: PositionGroup): void {
    if (this.changes.listened) this.changes.emit(snapshotOf(group));
  }

  /**
   * Reports an event to the listeners; the monitor reports its hits through here. An event with a `pnl`
   * of a leg or a group gets that leg's or group's charges so far and the net P&L.
   */
  publish(event: PositionEvent): void {
    if (event.pnl !== undefined && event.charges === undefined && event.type !== 'daily_loss_hit') {
      const group = this.groupIndex.history(event.deploymentId).findLast((g) => g.id === event.groupId);
      const legs = group?.legs.filter((l) => event.legId === undefined || l.id === event.legId) ?? [];
      let chargesPaise = 0;
      for (const leg of legs) chargesPaise += leg.chargesPaise;
      event.charges = toRupees(chargesPaise);
      event.netPnl = toRupees(toPaise(event.pnl) - chargesPaise);
    }
    this.events.emit(event);
  }

  /** When the next leg held expires (+Infinity: none): the monitor settles expired legs from then on. */
  get nextExpiryMs(): number {
    return this.settler.nextExpiryMs;
  }

  /** Cash-settles the legs whose contracts expired by `now` (see ExpirySettler). */
  settleExpired(now: number): Promise<void> {
    return this.settler.settleDue(now);
  }

  /** Open groups of all deployments, oldest first. The live list, for the monitor: do not modify. */
  openGroups(): readonly PositionGroup[] {
    return this.groupIndex.open;
  }

  /** The deployment's groups in memory, oldest first: the open ones and those closed within keepClosedMs. */
  groups(deploymentId: string): GroupView[] {
    return this.groupIndex.history(deploymentId).map(groupView);
  }

  /** The deployment's open groups, oldest first. */
  openGroupsOf(deploymentId: string): GroupView[] {
    return this.groupIndex.openOf(deploymentId).map(groupView);
  }

  /** Realised P&L after charges of every group the deployment closed (forgotten ones too), paise. */
  closedNetPaise(deploymentId: string): Paise {
    return this.groupIndex.closedNetPaise(deploymentId);
  }

  /** The view of a group as a store saved it (one no longer in memory), as `groups` shows groups. */
  viewOf(snapshot: GroupSnapshot): GroupView {
    // A table of its own: a group read for display adds nothing to the monitor's symbols.
    return groupView(groupFromSnapshot(snapshot, new SymbolTable(), this.tickPaise));
  }

  /** What the manager holds in memory, for monitoring: it stays flat however long it runs (see keepClosedMs). */
  retained(): { groups: number; openGroups: number; closedDays: number; finishing: number; entries: number; orderLinks: number; symbols: number } {
    return { ...this.groupIndex.sizes(), entries: this.entries.size, orderLinks: this.links.size, symbols: this.symbols.size };
  }

  /** Daily loss limits per account, paise (see setAccountDailyLoss). */
  readonly accountDailyLoss = new Map<string, number>();

  /**
   * The account's kill switch: when the day's P&L of all its deployments (realised today + open MTM)
   * reaches −rupees, everything it holds is exited and it takes no entry that day. null removes it.
   */
  setAccountDailyLoss(accountId: string, rupees: number | null): void {
    if (rupees === null) this.accountDailyLoss.delete(accountId);
    else this.accountDailyLoss.set(accountId, toPaise(rupees));
  }

  /** Realised P&L of the account's groups closed on the IST day of `now`, paise. */
  accountDayRealisedPaise(accountId: string, now: number): Paise {
    return this.groupIndex.dayRealised('account', accountId, istParts(now).date);
  }

  /** Realised P&L of the deployment's groups closed on the IST day of `now`, paise. */
  dayRealisedPaise(deploymentId: string, now: number): Paise {
    return this.groupIndex.dayRealised('deployment', deploymentId, istParts(now).date);
  }

  /** Lots of the deployment's legs that are open, or pending / exiting (they may still hold a position). */
  openLots(deploymentId: string): number {
    let lots = 0;
    for (const group of this.groupIndex.openOf(deploymentId)) {
      for (const leg of group.legs) if (isActive(leg.status)) lots += leg.lots;
    }
    return lots;
  }

  /**
   * Rebuilds the groups from their snapshots after a restart, on a fresh manager, with the broker restored
   * first. Entering again with a restored group's deployment and key returns that group and places
   * nothing. Then asks the broker what became of each order a group was waiting for:
   * - a pending entry FILLED opens its leg at the fill; OPEN keeps it pending (its fill will reach it);
   *   REJECTED / CANCELLED end it. Not at the broker: it never went out, so the replayed signal entering
   *   with the same key places it, under the same clientOrderId; an exit before that cancels it instead.
   * - an exiting leg's exit FILLED closes it at that price; OPEN keeps it exiting; not at the broker,
   *   REJECTED or CANCELLED: the leg is open again, and the monitor (or the replayed exit) exits it again.
   * Every group this changes is reported through onGroupChange.
   */
  async restore(snapshots: readonly GroupSnapshot[]): Promise<void> {
    if (!this.groupIndex.isEmpty) throw new Error('restore() needs a fresh position manager: this one has groups already.');
    const groups = snapshots.map((s) => groupFromSnapshot(s, this.symbols, this.tickPaise)).sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
    const now = this.clock.now();
    for (const group of groups) {
      this.ids.reserve(group.id);
      // The broker may share this generator (SimEngine's does): an order id a group mentions stays taken.
      for (const leg of group.legs) if (leg.entryOrder.id !== '') this.ids.reserve(leg.entryOrder.id);
      this.groupIndex.add(group, now);
      // The group's own key and the keys of the entries that added legs to it.
      for (const key of keysOf(group)) this.entries.set(entryKey(group.deploymentId, key), Promise.resolve(group));
      for (const leg of group.legs) if (leg.awaitingReturn) this.returnWatches.set(leg, group);
      if (group.status === 'closed') continue;
      this.settler.watch(group.legs);
      for (const leg of group.legs) {
        this.chaser.resume(group, leg);
        this.links.set(clientKey(group.accountId, leg.entryClientOrderId), { group, leg, kind: 'entry' });
        if (leg.exitClientOrderId !== null) this.links.set(clientKey(group.accountId, leg.exitClientOrderId), { group, leg, kind: 'exit' });
      }
    }
    for (const group of groups) if (group.status === 'open') await this.reconcile(group);
  }

  private async placeEntry(args: EnterArgs): Promise<PositionGroup> {
    const now = this.clock.now();
    const dayPnl = args.risk.limits?.maxDailyLoss === undefined ? 0 : this.dayRealisedPaise(args.deploymentId, now);
    checkEntry(args, this.market, this.openLots(args.deploymentId), dayPnl);
    const opensAt = entryOpensAt(args, this.hours, now);
    const accountLimit = this.accountDailyLoss.get(args.accountId);
    if (accountLimit !== undefined) {
      const lost = this.accountDayRealisedPaise(args.accountId, now);
      if (lost <= -accountLimit) {
        throw new EntryRejectedError(
          'DAILY_LOSS_LIMIT',
          `Account ${args.accountId} lost ₹${toRupees(-lost)} today, at or past its daily limit of ₹${toRupees(accountLimit)}. Nothing was placed.`,
          {
            accountId: args.accountId,
            dayPnl: toRupees(lost),
            maxDailyLoss: toRupees(accountLimit),
          },
        );
      }
    }
    const target = args.group?.mode === 'add-to-open' ? groupToJoin(this.groupIndex.openOf(args.deploymentId), args) : undefined;
    // Refused routing (a live account in a sim deployment) throws here, before anything is placed.
    await this.router.brokerFor({ id: args.deploymentId, mode: args.mode }, args.accountId);
    // Client ids derived from the idempotency key, never random: a replay after a restart places nothing twice.
    const legs = args.legs.map((leg) =>
      newGroupLeg(leg, this.symbols.indexOf(leg.symbol), `${args.deploymentId}:${args.idempotencyKey}:${leg.id}`, args.idempotencyKey),
    );
    this.settler.watch(legs);
    if (target !== undefined) {
      target.legs.push(...legs);
      this.commit(target);
      return this.placeLegs(target, legs, args);
    }
    const group = newGroup({
      id: this.ids.next('grp'),
      tag: args.group?.tag ?? null,
      deploymentId: args.deploymentId,
      mode: args.mode,
      accountId: args.accountId,
      idempotencyKey: args.idempotencyKey,
      risk: args.risk,
      createdAt: this.clock.now(),
      sessionDate: istParts(opensAt).date,
      legs,
      status: 'open',
      closedAt: null,
      realisedPaise: 0,
      exitRequested: false,
    });
    this.groupIndex.add(group, group.createdAt);
    this.commit(group);
    return this.placeLegs(group, group.legs, args);
  }

  /** Places the entry orders of `legs` one after the other (the caller puts BUY legs first). */
  private async placeLegs(
    group: PositionGroup,
    legs: readonly GroupLeg[],
    args: Pick<EnterArgs, 'orderType' | 'limitOffsetPct' | 'chase' | 'whenClosed'>,
  ): Promise<PositionGroup> {
    const deployment = { id: group.deploymentId, mode: group.mode };
    for (const leg of legs) {
      const move = leg.leg.waitMovePct;
      if (move !== undefined && leg.waitTriggerPaise === null && leg.entryOrder.id === '') {
        // Wait and trade: not placed now; the monitor places it when the premium reaches the trigger.
        const ltp = this.market.quote(leg.symbol)?.ltp;
        if (ltp !== undefined) {
          leg.waitTriggerPaise = Math.max(this.tickPaise, roundToTickPaise(toPaise(ltp) * (1 + move / 100), this.tickPaise));
          this.commit(group);
          continue;
        }
      }
      const ltp = args.orderType === 'MARKET' ? undefined : this.market.quote(leg.symbol)?.ltp;
      const chase = args.orderType === 'CHASE' ? args.chase : undefined;
      let pricePaise: Paise | undefined;
      if (ltp !== undefined && args.orderType === 'LIMIT') pricePaise = limitPricePaise(leg.side, toPaise(ltp), args.limitOffsetPct, this.tickPaise);
      if (ltp !== undefined && chase !== undefined) pricePaise = chasePricePaise(leg.side, toPaise(ltp), chase.offsetTicks, this.tickPaise);
      const req = entryRequest(group, leg, pricePaise === undefined ? 'MARKET' : 'LIMIT', pricePaise);
      if (args.whenClosed !== undefined) req.whenClosed = args.whenClosed;
      const placed = await this.send(group, leg, 'entry', deployment, req);
      if (chase !== undefined && pricePaise !== undefined && leg.status === 'pending' && placed.status === 'OPEN')
        this.chaser.start(group, leg, chase, placed.id, pricePaise, this.clock.now());
    }
    this.closeIfDone(group);
    return group;
  }

  /** Paces, places and books one order; a broker that throws is recorded as a rejected order. */
  private async send(group: PositionGroup, leg: GroupLeg, kind: OrderLink['kind'], deployment: DeploymentRef, req: OrderRequest): Promise<PlacedOrder> {
    this.links.set(clientKey(req.accountId, req.clientOrderId), { group, leg, kind });
    try {
      await this.pacer.pace(group.deploymentId, group.risk.limits?.maxOrdersPerSecond);
      if (kind === 'entry' && leg.exitWanted !== null) {
        // Already ended while it waited (its contract expired): the first reason stands.
        if (leg.status === 'pending') cancelBeforePlacing(leg, leg.exitWanted);
        this.commit(group);
        return leg.entryOrder;
      }
      const order = await this.router.placeOrder(deployment, req);
      this.onOrder(order);
      return placedOrder(leg.id, order);
    } catch (err) {
      const failed: PlacedOrder = {
        id: '',
        legId: leg.id,
        symbol: req.symbol,
        side: req.side,
        qty: req.qty,
        type: req.type,
        price: req.price ?? null,
        status: 'REJECTED',
        message: errorMessage(err),
      };
      if (kind === 'exit') this.reopen(group, leg);
      else if (leg.status === 'pending') rejectEntry(leg, failed);
      this.commit(group);
      return failed;
    }
  }

  /** Applies a broker's order report (returned or pushed; whichever comes first wins, the other is a no-op). */
  private onOrder(order: Order): void {
    const link = this.links.get(clientKey(order.accountId, order.clientOrderId));
    if (link === undefined) return;
    const { group, leg, kind } = link;
    if (kind === 'entry') {
      const report = placedOrder(leg.id, order);
      if (!isNews(leg.entryOrder, report)) return;
      leg.entryOrder = report;
      if (order.status !== 'OPEN') stopChasing(leg);
      const wasPending = leg.status === 'pending';
      if (wasPending) this.entryReported(leg, order);
      this.commit(group);
      // Its exit was asked for while the order was on its way: honour it now (exit it, or cancel it if resting).
      if (wasPending && leg.exitWanted !== null && (leg.status === 'open' || leg.status === 'pending')) void this.exitLegs(group, [leg.id], leg.exitWanted);
      return;
    }
    if (leg.status !== 'exiting' || order.clientOrderId !== leg.exitClientOrderId) return;
    if (order.status === 'FILLED' && order.avgFillPrice !== null) {
      this.bookCharges(leg, order, exitSide(leg), toPaise(order.avgFillPrice), order.qty);
      fillExit(group, leg, toPaise(order.avgFillPrice), this.clock.now());
    } else if (order.status === 'REJECTED' || order.status === 'CANCELLED') this.reopen(group, leg);
    else return;
    this.commit(group);
    // A full exit was asked for while a partial one was on its way: the rest goes now.
    // Read again (as LegStatus: the compiler still narrows it to exiting): fillExit and reopen changed it.
    if ((leg.status as LegStatus) !== 'open') return;
    const wanted = takeWantedExit(leg);
    if (wanted !== null) void this.exitLegs(group, [leg.id], wanted);
  }

  /** A pending leg's entry order was reported: it opens on a fill, ends when refused or cancelled. */
  private entryReported(leg: GroupLeg, order: Order): void {
    switch (order.status) {
      case 'FILLED':
        if (order.avgFillPrice === null) return;
        fillEntry(leg, toPaise(order.avgFillPrice), this.tickPaise);
        leg.openedAt = order.updatedAt;
        this.bookCharges(leg, order, leg.side, leg.entryPaise, leg.qty);
        // Underlying stops and targets are measured from the index at the fill.
        if (leg.leg.underlyingStop !== undefined || leg.leg.underlyingTarget !== undefined) leg.entrySpot = this.market.spot(leg.leg.underlying);
        return;
      case 'REJECTED':
        rejectEntry(leg);
        return;
      case 'CANCELLED':
        cancelEntry(leg);
        return;
      case 'OPEN':
        return;
      default:
        return unreachable(order.status, 'order status');
    }
  }

  /** A restored open group: what became of the orders its legs were waiting for (see restore). */
  private async reconcile(group: PositionGroup): Promise<void> {
    const deployment = { id: group.deploymentId, mode: group.mode };
    for (const leg of group.legs) {
      if (!awaitsFill(leg.status)) continue;
      // Still waiting to trade: nothing went out; the monitor places it when its trigger is reached.
      if (leg.waitTriggerPaise !== null) continue;
      const clientOrderId = leg.status === 'pending' ? leg.entryClientOrderId : leg.exitClientOrderId;
      const order = clientOrderId === null ? undefined : await this.router.findOrder(deployment, group.accountId, clientOrderId);
      // Found: applied through its link, as if the broker reported it now.
      if (order !== undefined) this.onOrder(order);
      else if (leg.status === 'exiting') {
        this.reopen(group, leg);
        this.commit(group);
      } else if (leg.exitWanted !== null) {
        cancelBeforePlacing(leg, leg.exitWanted);
        this.commit(group);
      } else this.unplaced.add(leg);
    }
    for (const leg of group.legs) {
      if (!this.unplaced.has(leg)) continue;
      const key = entryKey(group.deploymentId, leg.entryKey);
      this.entries.delete(key);
      this.resumable.set(key, group);
    }
    this.closeIfDone(group);
  }

  /**
   * The charges of `qty` units the leg traded in `order` (its entry, exit or settlement): the leg's share of
   * what the broker charged the order, or, from a broker that reports none, at the manager's own rates. A
   * settlement of the account's opposite position (another deployment's) is none of this leg's.
   */
  private bookCharges(leg: GroupLeg, order: Order | null, side: Side, pricePaise: Paise, qty: number, settlement = false): void {
    if (order !== null && order.charges !== undefined) {
      if (order.side !== side || order.qty === 0) return;
      leg.chargesPaise += qty === order.qty ? toPaise(order.charges) : Math.round((toPaise(order.charges) * qty) / order.qty);
      return;
    }
    if (this.charges === undefined) return;
    const instrument: Instrument = leg.leg.optionType === 'FUT' ? 'future' : 'option';
    leg.chargesPaise += (
      settlement ? settlementCharges(this.charges, side, qty, pricePaise, instrument) : orderCharges(this.charges, side, qty, pricePaise, instrument)
    ).total;
  }

  /** An exit failed: the leg is open again and the monitor (or the group's next exit) may try again. */
  private reopen(group: PositionGroup, leg: GroupLeg): void {
    if (leg.status !== 'exiting') return;
    abandonExit(leg);
    group.exitRequested = false;
  }

  private closeIfDone(group: PositionGroup): void {
    if (group.status === 'open' && !group.legs.some((l) => isActive(l.status))) this.commit(group);
  }

  /**
   * Call at every market step: groups closed keepClosedMs ago leave memory (the store keeps them), with
   * what finds them: their entry keys and their orders' links. Nothing to do costs one comparison.
   */
  forgetClosed(now: number): void {
    let gone: Set<PositionGroup> | undefined;
    this.groupIndex.forgetDue(now, (group) => {
      (gone ??= new Set()).add(group);
      for (const key of keysOf(group)) this.entries.delete(entryKey(group.deploymentId, key));
    });
    if (gone === undefined) return;
    for (const [key, link] of this.links) if (gone.has(link.group)) this.links.delete(key);
  }

  /** After every change: closes the group once no leg can hold a position, then reports its state. */
  private commit(group: PositionGroup): void {
    const closing = group.status === 'open' && !group.legs.some((l) => isActive(l.status));
    if (closing) {
      group.status = 'closed';
      group.closedAt = this.clock.now();
      this.groupIndex.closed(group);
    }
    // A snapshot is a copy of the group: built only for a listener (the CLI and backtests have none).
    if (this.changes.listened) this.changes.emit(snapshotOf(group));
    // A group none of whose legs ever filled held no position: there is nothing to report as exited.
    if (!closing || !group.legs.some((l) => l.status === 'closed')) return;
    this.publish({ type: 'group_exited', deploymentId: group.deploymentId, groupId: group.id, pnl: toRupees(group.realisedPaise), time: this.clock.now() });
  }
}

/** The keys of the entries that made or joined the group. */
function keysOf(group: PositionGroup): Set<string> {
  return new Set([group.idempotencyKey, ...group.legs.map((l) => l.entryKey)]);
}

function entryKey(deploymentId: string, idempotencyKey: string): string {
  return `${deploymentId}\u0000${idempotencyKey}`;
}
