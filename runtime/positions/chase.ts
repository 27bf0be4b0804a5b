import type { BrokerRouter } from '../broker/broker-router.ts';
import type { Order, OrderChange } from '../broker/types.ts';
import type { ChaseParams, MarketPort } from '../context.ts';
import type { Side } from '../message.ts';
import { roundToTickPaise, toPaise, toRupees, type Paise } from '../money.ts';
import { exitSide } from './group.ts';
import { awaitsFill, startChasing, stopChasing } from './leg-state.ts';
import type { OrderPacer } from './pacer.ts';
import type { ChaseState, GroupLeg, PositionGroup } from './types.ts';

/**
 * A chase limit: LTP on the tick, moved `offsetTicks` in the trader's favour (BUY below, SELL above; a
 * negative offset goes through LTP), never below one tick.
 * Example: SELL, LTP 120.05, 2 ticks of 0.05 → 120.15.
 */
export function chasePricePaise(side: Side, ltpPaise: Paise, offsetTicks: number, tickPaise: Paise): Paise {
  const favour = side === 'BUY' ? -1 : 1;
  return Math.max(tickPaise, roundToTickPaise(ltpPaise, tickPaise) + favour * offsetTicks * tickPaise);
}

/** The state of a chase just placed at `limitPaise` at `now`. */
export function startChase(params: ChaseParams, orderId: string, limitPaise: Paise, now: number): ChaseState {
  return {
    everyMs: params.everyMs,
    maxModifications: params.maxModifications,
    offsetTicks: params.offsetTicks,
    orderId,
    limitPaise,
    rounds: 0,
    nextAt: now + params.everyMs,
  };
}

/**
 * One round of a due chase, applied to `chase`: the first `maxModifications` rounds move the limit to the
 * chase price at the new LTP (no change to send when it is already there: the round still counts), the
 * next converts the order to MARKET. Returns the change to send, or null.
 */
export function chaseRound(chase: ChaseState, side: Side, ltpPaise: Paise, tickPaise: Paise, now: number): OrderChange | null {
  if (chase.rounds >= chase.maxModifications) return { type: 'MARKET' };
  chase.rounds += 1;
  chase.nextAt = now + chase.everyMs;
  const price = chasePricePaise(side, ltpPaise, chase.offsetTicks, tickPaise);
  if (price === chase.limitPaise) return null;
  chase.limitPaise = price;
  return { type: 'LIMIT', price: toRupees(price) };
}

/** What a chaser needs from the position manager. */
export interface ChaseHost {
  router: BrokerRouter;
  market: MarketPort;
  pacer: OrderPacer;
  tickPaise: Paise;
  /** Applies the broker's report of the modified order. */
  onOrder(order: Order): void;
  /** Reports the group's change (the chase state is saved with it). */
  commit(group: PositionGroup): void;
  /** Whether the symbol's exchange is open: no round is played while it is closed (none could fill). */
  tradable(symbol: string, now: number): boolean;
}

/**
 * Limit-with-chase on the clock: the legs whose entry or exit order is being chased, and the rounds that
 * move each one. The monitor calls `due` on every step, so a round happens at the first step at or after
 * its time: to the chase price at the LTP of that moment, and after the last modification to MARKET.
 */
export class OrderChaser {
  private readonly chasing = new Map<GroupLeg, PositionGroup>();

  constructor(private readonly host: ChaseHost) {}

  get size(): number {
    return this.chasing.size;
  }

  /** Starts chasing the leg's order just placed OPEN at `limitPaise`. */
  start(group: PositionGroup, leg: GroupLeg, params: ChaseParams, orderId: string, limitPaise: Paise, now: number): void {
    startChasing(leg, startChase(params, orderId, limitPaise, now));
    this.chasing.set(leg, group);
    this.host.commit(group);
  }

  /** After a restart: a leg restored with a chase under way goes on being chased. */
  resume(group: PositionGroup, leg: GroupLeg): void {
    if (leg.chase !== null && awaitsFill(leg.status)) this.chasing.set(leg, group);
  }

  async due(now: number): Promise<void> {
    const { host } = this;
    for (const [leg, group] of [...this.chasing]) {
      const chase = leg.chase;
      if (chase === null || !awaitsFill(leg.status)) {
        this.chasing.delete(leg);
        continue;
      }
      const ltp = host.market.quote(leg.symbol)?.ltp;
      if (chase.nextAt > now || ltp === undefined || !host.tradable(leg.symbol, now)) continue;
      const change = chaseRound(chase, leg.status === 'pending' ? leg.side : exitSide(leg), toPaise(ltp), host.tickPaise, now);
      if (change?.type === 'MARKET') this.stop(leg);
      host.commit(group);
      if (change !== null) await this.modify(group, leg, chase.orderId, change);
    }
  }

  /**
   * The leg's chased exit goes to MARKET now instead of after its remaining rounds: its stop was hit while
   * the limit rested. Does nothing when the leg's order is not being chased, nor while its exchange is
   * closed (the chase goes on, and the stop, checked again on the next tick after the open, converts it then).
   */
  async toMarket(leg: GroupLeg, now: number): Promise<void> {
    const group = this.chasing.get(leg);
    const chase = leg.chase;
    if (group === undefined || chase === null || !this.host.tradable(leg.symbol, now)) return;
    this.stop(leg);
    this.host.commit(group);
    await this.modify(group, leg, chase.orderId, { type: 'MARKET' });
  }

  private async modify(group: PositionGroup, leg: GroupLeg, orderId: string, change: OrderChange): Promise<void> {
    const { host } = this;
    try {
      // A modification is an order message too: it counts toward the rate limit.
      await host.pacer.pace(group.deploymentId, group.risk.limits?.maxOrdersPerSecond);
      host.onOrder(await host.router.modifyOrder({ id: group.deploymentId, mode: group.mode }, group.accountId, orderId, change));
    } catch {
      // It filled or ended in the meantime: that report ends the chase.
      this.stop(leg);
    }
  }

  private stop(leg: GroupLeg): void {
    stopChasing(leg);
    this.chasing.delete(leg);
  }
}
