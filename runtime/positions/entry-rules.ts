import { LegflowError } from '../errors.ts';
import type { MarketPort } from '../context.ts';
import type { ExchangeHours } from '../market/exchange-hours.ts';
import type { Side } from '../message.ts';
import { roundToTickPaise, toPaise, toRupees, type Paise } from '../money.ts';
import { HHMM_PATTERN, istParts, istToMs } from '../time.ts';
import { isActive } from './leg-state.ts';
import type { EnterArgs, PositionGroup } from './types.ts';

export type EntryRejectedCode =
  | 'NO_LEGS'
  | 'DUPLICATE_LEG_ID'
  | 'MAX_LOTS_PER_ORDER'
  | 'MAX_OPEN_LOTS'
  | 'NO_QUOTE'
  | 'INVALID_RISK'
  | 'DAILY_LOSS_LIMIT'
  | 'NO_OPEN_GROUP'
  /** A leg's exchange is closed and the entry was not asked to queue for the open. */
  | 'MARKET_CLOSED'
  /** The holiday calendar does not cover today (or the next open), so Legflow cannot tell when it trades. */
  | 'CALENDAR_NOT_COVERED'
  /** A leg's symbol is no index, option or future of the instrument file. */
  | 'UNKNOWN_EXCHANGE'
  /** The entry would trade at or after the deployment's square-off time of that day. */
  | 'PAST_SQUARE_OFF';

/** An entry refused as a whole before any order was placed. */
export class EntryRejectedError extends LegflowError<EntryRejectedCode> {
  override readonly name = 'EntryRejectedError';
}

/**
 * Everything that must hold before the first order of an entry goes out, so an entry is placed whole or
 * not at all: legs with distinct ids (their client order ids derive from them), lots within
 * maxLotsPerOrder, the deployment within maxOpenLots after this entry, a quote for every leg.
 * `openLots` is what the deployment already holds.
 */
export function checkEntry(args: EnterArgs, market: MarketPort, openLots: number, dayPnlPaise = 0): void {
  const { legs, risk } = args;
  const reject = (code: EntryRejectedCode, message: string, details: Record<string, unknown> = {}): never => {
    throw new EntryRejectedError(code, `${message} Nothing was placed.`, { deploymentId: args.deploymentId, ...details });
  };
  if (legs.length === 0) reject('NO_LEGS', 'The entry has no legs.');
  if (new Set(legs.map((l) => l.id)).size !== legs.length) {
    reject('DUPLICATE_LEG_ID', 'Two legs share an id; each leg needs its own id.');
  }
  if (risk.squareOffAt !== undefined && !HHMM_PATTERN.test(risk.squareOffAt)) {
    reject('INVALID_RISK', `squareOffAt "${risk.squareOffAt}" is not a time "HH:mm".`);
  }
  const { maxLotsPerOrder, maxOpenLots, maxDailyLoss } = risk.limits ?? {};
  if (maxDailyLoss !== undefined && dayPnlPaise <= -toPaise(maxDailyLoss)) {
    reject('DAILY_LOSS_LIMIT', `The deployment lost ₹${toRupees(-dayPnlPaise)} today, at or past its daily limit of ₹${maxDailyLoss}.`, {
      dayPnl: toRupees(dayPnlPaise),
      maxDailyLoss,
    });
  }
  for (const leg of legs) {
    if (maxLotsPerOrder !== undefined && leg.lots > maxLotsPerOrder) {
      reject('MAX_LOTS_PER_ORDER', `Leg ${leg.id} (${leg.symbol}) is ${leg.lots} lots; the limit is ${maxLotsPerOrder} lots per order.`, {
        legId: leg.id,
        lots: leg.lots,
        maxLotsPerOrder,
      });
    }
    if (market.quote(leg.symbol) === undefined) {
      reject('NO_QUOTE', `No quote for ${leg.symbol} (leg ${leg.id}): the contract is unknown or not trading.`, {
        legId: leg.id,
        symbol: leg.symbol,
      });
    }
  }
  if (maxOpenLots !== undefined) {
    const adding = legs.reduce((sum, l) => sum + l.lots, 0);
    if (openLots + adding > maxOpenLots) {
      reject('MAX_OPEN_LOTS', `The deployment holds ${openLots} open lots; this entry adds ${adding}, above the limit of ${maxOpenLots}.`, {
        openLots,
        adding,
        maxOpenLots,
      });
    }
  }
}

/**
 * When the entry's orders meet the market: `now` while every leg's exchange is open; with `whenClosed`
 * 'queue', the open the last of them waits for. Refused (nothing placed) when an exchange is closed and the
 * entry does not queue, when the calendar cannot say, and when that moment is at or past the deployment's
 * square-off time on its day: a group entered then would be squared off as soon as it filled.
 * Example: square-off 15:15, ENTRY at 15:20 → PAST_SQUARE_OFF; queued on Saturday 23:30 → trades Monday
 * from 09:15, squared off Monday 15:15.
 */
export function entryOpensAt(args: EnterArgs, hours: ExchangeHours, now: number): number {
  let opensAt = now;
  for (const leg of args.legs) {
    const closed = hours.closedFor(leg.symbol, now);
    if (closed === undefined) continue;
    const details = { deploymentId: args.deploymentId, legId: leg.id, symbol: leg.symbol, ...(closed.exchange !== undefined && { exchange: closed.exchange }) };
    if (closed.code !== 'MARKET_CLOSED' || closed.opensAt === undefined) {
      throw new EntryRejectedError(closed.code, `${closed.message} Nothing was placed.`, details);
    }
    if (args.whenClosed !== 'queue') {
      const message = `${closed.message} Nothing was placed: send the signal again once it is open, or set the Enter legs node to queue orders for the open (whenClosed "queue").`;
      throw new EntryRejectedError('MARKET_CLOSED', message, { ...details, opensAt: closed.opensAt });
    }
    opensAt = Math.max(opensAt, closed.opensAt);
  }
  const at = args.risk.squareOffAt;
  if (at !== undefined && HHMM_PATTERN.test(at)) {
    const { date, hour, minute } = istParts(opensAt);
    if (opensAt >= istToMs(date, at)) {
      const when = opensAt === now ? `It is ${pad(hour)}:${pad(minute)} IST` : `The entry would trade from ${pad(hour)}:${pad(minute)} IST on ${date}`;
      throw new EntryRejectedError(
        'PAST_SQUARE_OFF',
        `${when}, at or past the deployment's square-off time ${at}: the position would be squared off as soon as it filled. Nothing was placed.`,
        {
          deploymentId: args.deploymentId,
          squareOffAt: at,
          opensAt,
        },
      );
    }
  }
  return opensAt;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A limit price `offsetPct` percent from LTP (below for BUY, above for SELL), on the tick, at least one tick. */
export function limitPricePaise(side: Side, ltpPaise: Paise, offsetPct: number, tickPaise: Paise): Paise {
  const factor = side === 'BUY' ? 1 - offsetPct / 100 : 1 + offsetPct / 100;
  return Math.max(tickPaise, roundToTickPaise(ltpPaise * factor, tickPaise));
}

/**
 * The open group an `add-to-open` entry joins: of the deployment's open groups (`open`, oldest first), the
 * latest one named `tag` (any, without a tag) that is not being exited. Refused when there is none, or
 * when one of the legs has the id of a leg the group still holds.
 */
export function groupToJoin(open: readonly PositionGroup[], args: EnterArgs): PositionGroup {
  const tag = args.group?.tag;
  const group = open.findLast((g) => !g.exitRequested && (tag === undefined || g.tag === tag));
  const details = { deploymentId: args.deploymentId, ...(tag !== undefined && { tag }) };
  if (group === undefined) {
    const named = tag === undefined ? 'open group' : `open group named "${tag}"`;
    throw new EntryRejectedError(
      'NO_OPEN_GROUP',
      `Deployment ${args.deploymentId} has no ${named} to add the legs to; enter a new group first. Nothing was placed.`,
      details,
    );
  }
  const held = args.legs.find((leg) => group.legs.some((l) => l.id === leg.id && isActive(l.status)));
  if (held !== undefined) {
    throw new EntryRejectedError(
      'DUPLICATE_LEG_ID',
      `Group ${group.id} already holds a leg ${held.id}; give the added leg another name, or exit that leg first. Nothing was placed.`,
      {
        ...details,
        groupId: group.id,
        legId: held.id,
      },
    );
  }
  return group;
}
