import type { MarketPort } from '../context.ts';
import { toPaise, toRupees } from '../money.ts';
import { istParts, istToMs } from '../time.ts';
import { legPnlPaise, mtmStopPaise, setLevels, trailStop } from './group.ts';
import { isActive } from './leg-state.ts';
import type { PositionManager } from './position-manager.ts';
import type { GroupLeg, PositionEventType, PositionGroup } from './types.ts';

interface LegHit {
  type: 'leg_stop_hit' | 'leg_target_hit';
  group: PositionGroup;
  leg: GroupLeg;
  ltpPaise: number;
  /** Set when the index, not the premium, hit the level. */
  reason?: string;
  /** The leg's exit was in flight when its stop was hit (see exitingStopHit). */
  exiting?: true;
  /** Hit inside a bar: the exit fills at the level (or the bar's open past it), not at the bar's close. */
  atLevel?: true;
}

/** A deployment, or an account, whose P&L for the day reached its daily loss limit. */
interface DailyLossHit {
  type: 'daily_loss_hit';
  scope: 'deployment' | 'account';
  id: string;
  pnlPaise: number;
}

interface GroupHit {
  type: 'mtm_stop_hit' | 'mtm_target_hit' | 'square_off';
  group: PositionGroup;
  /** Group MTM at the hit (NaN for a square-off when some leg had no quote). */
  mtmPaise: number;
}

/** When the exchange closes (IST): a watch for a re-entry at cost ends then. */
const MARKET_CLOSE = '15:30';

/** Exit reasons written on the legs, one per kind of hit. */
const REASONS: Record<Exclude<PositionEventType, 'group_exited' | 'leg_price_returned' | 'expired'>, string> = {
  leg_stop_hit: 'leg stop-loss',
  leg_target_hit: 'leg target',
  mtm_stop_hit: 'MTM stop-loss',
  mtm_target_hit: 'MTM target',
  square_off: 'square-off time',
  daily_loss_hit: 'daily loss limit',
};

/**
 * Evaluates every open group's risk on each tick: leg stops and targets, then group MTM against the MTM
 * stop and target, then the square-off time. Hits are exited through the PositionManager (so through the
 * broker router) and reported as position events.
 *
 * Built for many legs: stops and targets are precomputed in paise as sign-folded keys, each symbol's LTP is
 * read from the market once per evaluation into an array indexed by symbol, and the scan allocates nothing
 * unless something is hit.
 */
export class PositionMonitor {
  private readonly ltpPaise: number[] = [];
  /** The evaluation in which ltpPaise[i] was read; a different number means "read it again". */
  private readonly readAt: number[] = [];
  private evaluation = 0;
  /** Waiting legs whose trigger the last scan found reached. */
  private readonly triggered: Array<{ group: PositionGroup; leg: GroupLeg }> = [];
  /** Index levels read in an evaluation, by underlying. */
  private readonly spotAt = new Map<string, { evaluation: number; value: number }>();
  /** Groups whose trailing stops moved in the last scan. */
  private readonly moved: PositionGroup[] = [];
  /** Per deployment with a daily loss limit: the open groups' MTM summed in the last scan, and the limit. */
  private readonly dayMtm = new Map<string, { mtmPaise: number; limitPaise: number }>();
  /** Per account with a daily loss limit: the open groups' MTM summed in the last scan. */
  private readonly accountMtm = new Map<string, number>();
  /** Deployments and accounts whose kill switch fired, with the IST day: it fires once a day. */
  private readonly killed = new Map<string, string>();

  constructor(
    private readonly manager: PositionManager,
    private readonly market: MarketPort,
  ) {}

  /** Checks everything at `now` (epoch ms) and exits what was hit. Resolves once those exits are placed. */
  async evaluate(now: number): Promise<void> {
    // Chased orders first: a conversion to market fills now, and the scan then sees the leg open.
    if (this.manager.hasChases) await this.manager.chaseDue(now);
    // Expired contracts are settled before anything is judged on their (stale or absent) quotes.
    if (now >= this.manager.nextExpiryMs) await this.manager.settleExpired(now);
    const hits = this.tradableHits(this.scan(now), now);
    if (this.manager.returnWatched().size > 0) this.returns(now);
    if (this.triggered.length > 0) {
      const due = this.triggered.splice(0).filter(({ leg }) => this.manager.tradable(leg.symbol, now));
      await Promise.all(due.map(({ group, leg }) => this.manager.triggerWaiting(group, leg)));
    }
    if (this.moved.length > 0) for (const group of this.moved.splice(0)) this.manager.levelsMoved(group);
    const kills = this.dayMtm.size > 0 || this.accountMtm.size > 0 ? this.dailyLossHits(now) : null;
    if (kills !== null) await this.kill(kills, now);
    if (hits === null) return;
    // Report and start every exit before awaiting any: each exit marks its legs synchronously, so a leg
    // exit and a group exit of one group never both close the same leg.
    const exits: Array<Promise<unknown>> = [];
    for (const hit of hits) {
      const { group } = hit;
      if ('leg' in hit) {
        const { leg, ltpPaise } = hit;
        // During an exit only the units a partial exit leaves held are stopped out; the rest was going anyway.
        if (hit.exiting !== true || holdsRest(leg)) {
          if (hit.atLevel === true) this.market.bars?.holdAt(leg.symbol, toRupees(ltpPaise));
          this.manager.publish({
            type: hit.type,
            deploymentId: group.deploymentId,
            groupId: group.id,
            legId: leg.id,
            symbol: leg.symbol,
            price: toRupees(ltpPaise),
            pnl: toRupees(legPnlPaise(leg, ltpPaise)),
            time: now,
          });
          // For a leg whose partial exit is in flight this queues the rest, to go at market once that fills.
          exits.push(this.manager.exitLegs(group, [leg.id], hit.reason ?? REASONS[hit.type]));
          if (hit.type === 'leg_stop_hit' && stopsToCost(group, leg)) this.manager.levelsMoved(group);
          if (hit.type === 'leg_stop_hit' && leg.leg.watchReturnAfterStop === true) this.manager.watchReturn(group, leg);
        }
        // A chased exit stops waiting for its price: after the rest was queued, so the fill sends the rest.
        if (hit.exiting === true) exits.push(this.manager.exitChaseToMarket(leg, now));
      } else {
        const pnl = Number.isNaN(hit.mtmPaise) ? {} : { pnl: toRupees(hit.mtmPaise) };
        this.manager.publish({ type: hit.type, deploymentId: group.deploymentId, groupId: group.id, ...pnl, time: now });
        const raised = hit.type === 'mtm_stop_hit' && group.mtmStopPaise > mtmStopPaise(group.risk, 0);
        exits.push(this.manager.exitLegs(group, null, raised ? 'MTM trailing stop / profit lock' : REASONS[hit.type]));
      }
    }
    await Promise.all(exits);
  }

  /**
   * The hits whose exits could fill now. One on a closed exchange (a stop crossed by the 15:30 tick) is left
   * for the open, where the scan finds it again, rather than reported and sent to be refused on every tick.
   */
  private tradableHits(hits: Array<LegHit | GroupHit> | null, now: number): Array<LegHit | GroupHit> | null {
    if (hits === null) return null;
    const open = hits.filter((hit) =>
      'leg' in hit ? this.manager.tradable(hit.leg.symbol, now) : hit.group.legs.every((l) => !isActive(l.status) || this.manager.tradable(l.symbol, now)),
    );
    return open.length > 0 ? open : null;
  }

  /** The synchronous pass: what is hit at `now`, or null when nothing is. */
  private scan(now: number): Array<LegHit | GroupHit> | null {
    const evaluation = ++this.evaluation;
    // Keep the caches packed (no holes) so element reads stay on V8's fast path.
    for (let i = this.readAt.length; i < this.manager.symbols.size; i++) {
      this.readAt.push(0);
      this.ltpPaise.push(Number.NaN);
    }
    const groups = this.manager.openGroups();
    const accountLimits = this.manager.accountDailyLoss;
    let hits: Array<LegHit | GroupHit> | null = null;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g] as PositionGroup;
      const legs = group.legs;
      let mtm = group.realisedPaise;
      let priced = true;
      for (let i = 0; i < legs.length; i++) {
        const leg = legs[i] as GroupLeg;
        const status = leg.status;
        if (status === 'pending' && leg.waitTriggerPaise !== null) {
          // Wait and trade: the entry goes out once the premium reaches the trigger (in the move's direction).
          const ltp = this.ltp(leg.symbolIndex, evaluation);
          const up = (leg.leg.waitMovePct ?? 0) >= 0;
          if (ltp === ltp && (up ? ltp >= leg.waitTriggerPaise : ltp <= leg.waitTriggerPaise)) this.triggered.push({ group, leg });
          continue;
        }
        if (status !== 'open' && status !== 'exiting') continue;
        const ltp = this.ltp(leg.symbolIndex, evaluation);
        if (ltp !== ltp) {
          // No quote: this leg cannot be judged, and neither can the group's MTM.
          priced = false;
          continue;
        }
        mtm += (ltp - leg.entryPaise) * leg.qty * leg.dir;
        if (status !== 'open') {
          const hit = this.exitingStopHit(group, leg, ltp, evaluation);
          if (hit !== null) (hits ??= []).push(hit);
          continue;
        }
        // Recorded bars: the whole bar is judged against the levels as they stood before it (worst case first).
        const inBar = this.market.bars === undefined ? undefined : this.barHit(group, leg);
        if (inBar !== undefined && inBar !== null) {
          (hits ??= []).push(inBar);
          continue;
        }
        // dir folds the side in: a SELL's stop (LTP ≥ stop) is −LTP ≤ −stop, a BUY's (LTP ≤ stop) as is.
        const signed = leg.dir * ltp;
        // Trailing: +Infinity × steps when the leg has no trail, so this costs one compare.
        if (signed - leg.dir * leg.entryPaise >= (leg.trailSteps + 1) * leg.trailEveryPaise && trailStop(leg, signed)) {
          if (this.moved.at(-1) !== group) this.moved.push(group);
        }
        if (signed <= leg.stopKey) (hits ??= []).push({ type: 'leg_stop_hit', group, leg, ltpPaise: ltp });
        else if (signed >= leg.targetKey) (hits ??= []).push({ type: 'leg_target_hit', group, leg, ltpPaise: ltp });
        else if (leg.entrySpot > 0) {
          const hit = this.underlyingHit(leg, evaluation);
          if (hit !== null)
            (hits ??= []).push({ type: hit, group, leg, ltpPaise: ltp, reason: hit === 'leg_stop_hit' ? 'underlying stop-loss' : 'underlying target' });
        }
      }
      const limit = group.risk.limits?.maxDailyLoss;
      if (limit !== undefined && priced) {
        const day = this.dayMtm.get(group.deploymentId);
        if (day === undefined) this.dayMtm.set(group.deploymentId, { mtmPaise: mtm, limitPaise: toPaise(limit) });
        else day.mtmPaise += mtm;
      }
      if (priced && accountLimits.size > 0 && accountLimits.has(group.accountId)) {
        this.accountMtm.set(group.accountId, (this.accountMtm.get(group.accountId) ?? 0) + mtm);
      }
      if (group.exitRequested) continue;
      // A new best MTM may raise a trailed or locked MTM stop (one compare when it does not).
      if (priced && mtm > group.peakMtmPaise) {
        group.peakMtmPaise = mtm;
        const stop = mtmStopPaise(group.risk, mtm);
        if (stop > group.mtmStopPaise) {
          group.mtmStopPaise = stop;
          if (this.moved.at(-1) !== group) this.moved.push(group);
        }
      }
      if (priced && mtm <= group.mtmStopPaise) (hits ??= []).push({ type: 'mtm_stop_hit', group, mtmPaise: mtm });
      else if (priced && mtm >= group.mtmTargetPaise) (hits ??= []).push({ type: 'mtm_target_hit', group, mtmPaise: mtm });
      else if (now >= group.squareOffMs) (hits ??= []).push({ type: 'square_off', group, mtmPaise: priced ? mtm : Number.NaN });
    }
    return hits;
  }

  /**
   * Re-entry at cost: a stopped leg whose premium is back at its entry price (or better: at or below it for
   * a sold leg, at or above for a bought one) is reported as `leg_price_returned`, once. A watch ends
   * unreported at the group's square-off time or the close (15:30 IST) of the day it trades (sessionDate).
   */
  private returns(now: number): void {
    for (const [leg, group] of this.manager.returnWatched()) {
      if (now >= Math.min(group.squareOffMs, istToMs(group.sessionDate, MARKET_CLOSE))) {
        this.manager.endWatch(group, leg);
        continue;
      }
      const quote = leg.status === 'closed' ? this.market.quote(leg.symbol) : undefined;
      if (quote === undefined) continue;
      const ltpPaise = toPaise(quote.ltp);
      if (leg.dir * ltpPaise < leg.dir * leg.entryPaise) continue;
      this.manager.endWatch(group, leg);
      const event = {
        deploymentId: group.deploymentId,
        groupId: group.id,
        legId: leg.id,
        symbol: leg.symbol,
        price: quote.ltp,
        pnl: toRupees(leg.realisedPaise),
        time: now,
      };
      this.manager.publish({ type: 'leg_price_returned', ...event });
    }
  }

  /** Deployments at or past their daily loss limit (realised today + open MTM), each once a day. */
  private dailyLossHits(now: number): DailyLossHit[] | null {
    let hits: DailyLossHit[] | null = null;
    const today = istParts(now).date;
    for (const [deploymentId, day] of this.dayMtm) {
      const pnlPaise = day.mtmPaise + this.manager.dayRealisedPaise(deploymentId, now);
      if (pnlPaise <= -day.limitPaise && this.killed.get(deploymentId) !== today) {
        this.killed.set(deploymentId, today);
        (hits ??= []).push({ type: 'daily_loss_hit', scope: 'deployment', id: deploymentId, pnlPaise });
      }
    }
    for (const [accountId, mtm] of this.accountMtm) {
      const limit = this.manager.accountDailyLoss.get(accountId);
      const pnlPaise = mtm + this.manager.accountDayRealisedPaise(accountId, now);
      const key = `account:${accountId}`;
      if (limit !== undefined && pnlPaise <= -limit && this.killed.get(key) !== today) {
        this.killed.set(key, today);
        (hits ??= []).push({ type: 'daily_loss_hit', scope: 'account', id: accountId, pnlPaise });
      }
    }
    this.dayMtm.clear();
    this.accountMtm.clear();
    return hits;
  }

  /** The kill switch: reported first (the server stops the deployment), then everything it holds is exited. */
  private async kill(hits: DailyLossHit[], now: number): Promise<void> {
    const exits: Array<Promise<unknown>> = [];
    for (const hit of hits) {
      const reached = (g: PositionGroup) => (hit.scope === 'deployment' ? g.deploymentId : g.accountId) === hit.id && !g.exitRequested;
      for (const group of this.manager.openGroups().filter(reached)) {
        this.manager.publish({ type: 'daily_loss_hit', deploymentId: group.deploymentId, groupId: group.id, pnl: toRupees(hit.pnlPaise), time: now });
        exits.push(this.manager.exitLegs(group, null, REASONS.daily_loss_hit));
      }
    }
    await Promise.all(exits);
  }

  /**
   * A stop is never blind: while a leg's exit is in flight its stop (premium or index) is still checked
   * where it matters. A chased exit's limit may rest while the price runs through the stop, and a partial
   * exit leaves units held. Null when not hit, or when everything the leg holds is already going at market.
   */
  private exitingStopHit(group: PositionGroup, leg: GroupLeg, ltpPaise: number, evaluation: number): LegHit | null {
    if (leg.chase === null && !holdsRest(leg)) return null;
    if (leg.dir * ltpPaise <= leg.stopKey) return { type: 'leg_stop_hit', group, leg, ltpPaise, exiting: true };
    if (leg.entrySpot > 0 && this.underlyingHit(leg, evaluation) === 'leg_stop_hit') {
      return { type: 'leg_stop_hit', group, leg, ltpPaise, reason: 'underlying stop-loss', exiting: true };
    }
    return null;
  }

  /**
   * A leg's stop or target reached inside the bar in force, judged from the premium at the bar's low and high
   * (the underlying's extremes priced at this time): a bar that crossed the stop is a stop at the stop price,
   * unless it opened past it (a gap: at the open). One that crossed both the stop and the target is taken as
   * the stop, the worst case, and says so in its reason. Null when the bar reached neither; undefined when
   * the bar cannot be judged whole (it began before the leg opened, or there is none): then the close alone is.
   */
  private barHit(group: PositionGroup, leg: GroupLeg): LegHit | null | undefined {
    const bars = this.market.bars!;
    const symbol = leg.symbol;
    const start = bars.barStart(symbol);
    if (start === undefined || leg.openedAt > start) return undefined;
    if (leg.stopPaise === null && leg.targetPaise === null) return null;
    // A premium moves one way with the index (CE, FUT) or the other (PE): the extreme that goes against the
    // leg is its low for a bought call, its high for a sold one, and so on. Only the side a level needs is priced.
    const worstAt = (leg.dir === 1) === (leg.leg.optionType !== 'PE') ? 'low' : 'high';
    const worst = leg.stopPaise === null ? undefined : bars.ltpAt(symbol, worstAt);
    const best = leg.targetPaise === null ? undefined : bars.ltpAt(symbol, worstAt === 'low' ? 'high' : 'low');
    if ((leg.stopPaise !== null && worst === undefined) || (leg.targetPaise !== null && best === undefined)) return undefined;
    const stopIn = worst !== undefined && leg.dir * toPaise(worst) <= leg.stopKey;
    const targetIn = best !== undefined && leg.dir * toPaise(best) >= leg.targetKey;
    if (!stopIn && !targetIn) return null;
    const open = toPaise(bars.ltpAt(symbol, 'open')!);
    if (leg.dir * open <= leg.stopKey) return { type: 'leg_stop_hit', group, leg, ltpPaise: open, atLevel: true };
    if (leg.dir * open >= leg.targetKey) return { type: 'leg_target_hit', group, leg, ltpPaise: open, atLevel: true };
    if (!stopIn) return { type: 'leg_target_hit', group, leg, ltpPaise: leg.targetPaise!, atLevel: true };
    const both = targetIn ? { reason: `${REASONS.leg_stop_hit} (the bar also reached the target: the worse taken)` } : {};
    return { type: 'leg_stop_hit', group, leg, ltpPaise: leg.stopPaise!, atLevel: true, ...both };
  }

  /** The index moved to a leg's underlying stop or target (points from the index at its entry), or null. */
  private underlyingHit(leg: GroupLeg, evaluation: number): 'leg_stop_hit' | 'leg_target_hit' | null {
    const underlying = leg.leg.underlying;
    let spot = this.spotAt.get(underlying);
    if (spot === undefined || spot.evaluation !== evaluation) this.spotAt.set(underlying, (spot = { evaluation, value: this.market.spot(underlying) }));
    const against = leg.underlyingDir * (spot.value - leg.entrySpot);
    const { underlyingStop, underlyingTarget } = leg.leg;
    if (underlyingStop !== undefined && against >= underlyingStop) return 'leg_stop_hit';
    if (underlyingTarget !== undefined && -against >= underlyingTarget) return 'leg_target_hit';
    return null;
  }

  /** LTP of a symbol in paise (NaN without a quote), read from the market at most once per evaluation. */
  private ltp(symbolIndex: number, evaluation: number): number {
    if (this.readAt[symbolIndex] === evaluation) return this.ltpPaise[symbolIndex] as number;
    const quote = this.market.quote(this.manager.symbols.name(symbolIndex));
    const ltp = quote === undefined ? Number.NaN : toPaise(quote.ltp);
    this.ltpPaise[symbolIndex] = ltp;
    this.readAt[symbolIndex] = evaluation;
    return ltp;
  }
}

/** A partial exit of the leg is in flight and nothing is queued for the units it leaves: those are still held. */
function holdsRest(leg: GroupLeg): boolean {
  return leg.status === 'exiting' && leg.exitQty < leg.qty && leg.exitWanted === null;
}

/**
 * A leg was stopped out: the group's other open legs that ask for it move their stop to their entry price
 * (cost), only ever tighter: a stop that a trail has already moved to or past cost stays where it is.
 * Returns true when a stop moved.
 */
function stopsToCost(group: PositionGroup, stopped: GroupLeg): boolean {
  let moved = false;
  for (const leg of group.legs) {
    if (leg === stopped || leg.status !== 'open' || leg.leg.stopToCostOnOtherStop !== true) continue;
    // Keys fold the side in (dir × price): a higher key is a tighter stop, for a sold leg and a bought one.
    if (leg.stopKey >= leg.dir * leg.entryPaise) continue;
    setLevels(leg, leg.entryPaise, leg.targetPaise);
    moved = true;
  }
  return moved;
}
