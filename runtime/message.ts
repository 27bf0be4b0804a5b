import { z } from 'zod';
import type { Signal } from './signal-shape.ts';

export type OptionType = 'CE' | 'PE';
/** What a leg trades, in the exchange's words: a call (CE) or put (PE) option, or the index future (FUT). */
export type InstrumentType = OptionType | 'FUT';
export type Side = 'BUY' | 'SELL';

const levelType = z.enum(['points', 'pct']);

/** How far the stop or target sits from the entry price. points: premium points; pct: percent of the entry premium. */
export const legLevelSchema = z.object({ type: levelType, value: z.number() });
export type LegLevel = z.output<typeof legLevelSchema>;

/**
 * A trailing stop: each time the premium moves `every` in the leg's favour from the entry, the stop moves
 * `by` the same way (points: premium points; pct: percent of the entry premium).
 */
export const legTrailSchema = z.object({ type: levelType, every: z.number(), by: z.number() });
export type LegTrail = z.output<typeof legTrailSchema>;

/**
 * One resolved leg: a tradable option or future with a side and a quantity. The schema parses legs saved in
 * position snapshots; the type is what nodes resolve and the position manager trades.
 */
export const legSchema = z.object({
  /** Stable within the message: the leg-config node id plus the leg's index or name. */
  id: z.string(),
  underlying: z.string(),
  exchange: z.string(),
  optionType: z.enum(['CE', 'PE', 'FUT']),
  side: z.enum(['BUY', 'SELL']),
  lots: z.number().int().positive(),
  lotSize: z.number().int().positive(),
  /** lots × lotSize */
  qty: z.number().int().positive(),
  /** 0 for a future. */
  strike: z.number(),
  /** Expiry date, YYYY-MM-DD (IST). */
  expiry: z.string(),
  /** Tradable symbol, e.g. NIFTY01DEC2626000CE or NIFTY29DEC26FUT. */
  symbol: z.string(),
  stopLoss: legLevelSchema.optional(),
  target: legLevelSchema.optional(),
  trail: legTrailSchema.optional(),
  /**
   * Index points against the leg (up for a sold call or a bought put, down for a sold put or a bought call)
   * at which it is stopped out, measured from the index at its entry fill.
   */
  underlyingStop: z.number().optional(),
  /** Index points in the leg's favour at which it books its profit. */
  underlyingTarget: z.number().optional(),
  /** When another leg of the group is stopped out, this leg's stop moves to its entry price (cost). */
  stopToCostOnOtherStop: z.boolean().optional(),
  /**
   * Re-entry at cost: after this leg's stop is hit, its premium is watched until it comes back to the entry
   * price, which is reported as a `leg_price_returned` position event (for the rest of the day).
   */
  watchReturnAfterStop: z.boolean().optional(),
  /**
   * Wait and trade: the leg is placed only once its premium has moved this many percent from its price at
   * the signal (+10 = after it rises 10 %, −10 = after it falls 10 %).
   */
  waitMovePct: z.number().optional(),
});
export type Leg = z.output<typeof legSchema>;

export const riskLimitsSchema = z.object({
  maxLotsPerOrder: z.number().optional(),
  maxOpenLots: z.number().optional(),
  maxOrdersPerSecond: z.number().optional(),
  /**
   * Rupees: when the deployment's P&L for the day (realised + open MTM) falls to −maxDailyLoss, everything
   * it holds is exited and it takes no new entry that day (the kill switch).
   */
  maxDailyLoss: z.number().optional(),
});
export type RiskLimits = z.output<typeof riskLimitsSchema>;

/** Risk attached along the path; it travels with the legs and becomes the position group's policy. */
export const riskPolicySchema = z.object({
  /** Combined MTM stop-loss in rupees (a positive number: exit when MTM ≤ −mtmStopLoss). */
  mtmStopLoss: z.number().optional(),
  /** Combined MTM target in rupees (exit when MTM ≥ mtmTarget). */
  mtmTarget: z.number().optional(),
  /** Trails the MTM stop-loss: for every `every` rupees of peak profit, the stop rises `by` rupees. */
  mtmTrail: z.object({ every: z.number(), by: z.number() }).optional(),
  /**
   * Once the MTM profit reaches `reach` rupees, exit if it falls back to `lock`; then, for every
   * `trailEvery` rupees of peak profit above `reach`, the locked amount rises `trailBy` (both optional).
   */
  profitLock: z.object({ reach: z.number(), lock: z.number(), trailEvery: z.number().optional(), trailBy: z.number().optional() }).optional(),
  limits: riskLimitsSchema.optional(),
  /** IST wall-clock time "HH:mm" at which open legs are squared off. */
  squareOffAt: z.string().optional(),
});
export type RiskPolicy = z.output<typeof riskPolicySchema>;

/**
 * The value that flows along an edge. Immutable: a node that changes something returns a new message.
 * `legs` is non-empty only after a leg-config node.
 */
export interface Message {
  readonly signal: Signal;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly legs: readonly Leg[];
  readonly risk: Readonly<RiskPolicy>;
}

export function messageFromSignal(signal: Signal): Message {
  return { signal, vars: {}, legs: [], risk: {} };
}

/**
 * Data that JSON Logic rules and switch fields read: the signal's fields, its data, the vars, the legs. A
 * data key named like a signal field is shadowed by the field. Built field by field: an object literal that
 * spreads `data` first and then sets the fields took about 15 µs in V8, a fifth of a whole ENTRY run.
 */
export function ruleData(msg: Message): Record<string, unknown> {
  const { signal } = msg;
  const out: Record<string, unknown> = {
    action: signal.action,
    channel: signal.channel,
    source: signal.source,
    symbol: signal.symbol,
    price: signal.price,
    qty: signal.qty,
    position: signal.position,
    time: signal.time,
    text: signal.text,
    signal,
    vars: msg.vars,
    legs: msg.legs,
  };
  for (const key of Object.keys(signal.data)) if (!Object.hasOwn(out, key)) out[key] = signal.data[key];
  return out;
}
