import type { BrokerRouter } from '../broker/broker-router.ts';
import type { Order, Settlement } from '../broker/types.ts';
import { toPaise, toRupees, type Paise } from '../money.ts';
import { cancelBeforePlacing, isActive, settleLeg, wantExit } from './leg-state.ts';
import type { GroupLeg, PositionEvent, PositionGroup } from './types.ts';

/** The exit reason of a leg closed by its contract's cash settlement. */
export const SETTLEMENT_REASON = 'expiry settlement';

/** What the settler needs from the position manager. */
export interface SettlementHost {
  router: BrokerRouter;
  /** Open groups of all deployments (the live list: read, never changed). */
  openGroups(): readonly PositionGroup[];
  /** Books the leg's share of the settlement's charges (`order` null: the account held nothing to settle). */
  bookSettlementCharges(leg: GroupLeg, order: Order | null, pricePaise: Paise): void;
  /** Reports the group's change, closing it once no leg holds a position. */
  commit(group: PositionGroup): void;
  publish(event: PositionEvent): void;
}

/**
 * Index options and futures held to expiry are cash-settled: from a leg's expiry (15:30 IST on its expiry
 * day) the broker books its account's position closed at the settlement value (an option's intrinsic value
 * against the index's settlement price, a future's settlement price) and the leg closes at that value. The
 * monitor calls `settleDue` once the clock reaches `nextExpiryMs`, so a day without an expiry costs one compare.
 * Per group: its expired legs close (a leg whose entry never went out is cancelled; the broker cancels what
 * rested on the contract), `expired` is reported, and the group closes when nothing else is held. What cannot
 * be settled yet (the broker has no settlement price, an exit is still in flight) is tried at the next step.
 */
export class ExpirySettler {
  private nextMs = Number.POSITIVE_INFINITY;

  constructor(private readonly host: SettlementHost) {}

  /** Epoch ms of the earliest expiry among the legs watched (+Infinity: none). */
  get nextExpiryMs(): number {
    return this.nextMs;
  }

  /** New or restored legs of an open group: settled at their expiry. */
  watch(legs: readonly GroupLeg[]): void {
    for (const leg of legs) if (leg.expiryMs < this.nextMs) this.nextMs = leg.expiryMs;
  }

  async settleDue(now: number): Promise<void> {
    let next = Number.POSITIVE_INFINITY;
    const due: Array<{ group: PositionGroup; legs: GroupLeg[] }> = [];
    for (const group of this.host.openGroups()) {
      let expired: GroupLeg[] | null = null;
      for (const leg of group.legs) {
        if (!isActive(leg.status)) continue;
        if (leg.expiryMs <= now) (expired ??= []).push(leg);
        else if (leg.expiryMs < next) next = leg.expiryMs;
      }
      if (expired !== null) due.push({ group, legs: expired });
    }
    this.nextMs = next;
    for (const { group, legs } of due) {
      if (!(await this.settleGroup(group, legs, now))) this.nextMs = Math.min(this.nextMs, now);
    }
  }

  /** Settles the group's expired legs; false when some are left for the next step. */
  private async settleGroup(group: PositionGroup, legs: readonly GroupLeg[], now: number): Promise<boolean> {
    let changed = false;
    for (const leg of legs) {
      if (leg.status !== 'pending' || leg.entryOrder.id !== '') continue;
      // Waiting to trade, or its turn never came: the contract is gone, so it never will be placed.
      wantExit(leg, SETTLEMENT_REASON);
      cancelBeforePlacing(leg, 'its contract expired');
      changed = true;
    }
    const deployment = { id: group.deploymentId, mode: group.mode };
    let complete = true;
    let settled = false;
    for (const symbol of new Set(legs.filter((l) => isActive(l.status)).map((l) => l.symbol))) {
      let settlement: Settlement | undefined;
      try {
        settlement = await this.host.router.settleExpired(deployment, group.accountId, symbol);
      } catch {
        // No settlement price yet (or the broker cannot be reached): the next step asks again.
        settlement = undefined;
      }
      // The broker cancelled what rested on the contract: those legs were reported cancelled or open again.
      for (const leg of legs) {
        if (leg.symbol !== symbol || !isActive(leg.status)) continue;
        if (settlement === undefined || leg.status !== 'open') {
          complete = false;
          continue;
        }
        const pricePaise = toPaise(settlement.price);
        this.host.bookSettlementCharges(leg, settlement.order, pricePaise);
        settleLeg(group, leg, pricePaise, SETTLEMENT_REASON);
        settled = changed = true;
      }
    }
    // Reported before the group closes (and group_exited follows): the cause before its effect.
    if (settled) this.host.publish({ type: 'expired', deploymentId: group.deploymentId, groupId: group.id, pnl: toRupees(group.realisedPaise), time: now });
    if (changed) this.host.commit(group);
    return complete;
  }
}
