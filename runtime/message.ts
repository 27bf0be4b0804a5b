import type { Signal } from './signal-shape.ts';

export type OptionType = 'CE' | 'PE';
/** What a leg trades, in the exchange's words: a call (CE) or put (PE) option, or the index future (FUT). */
export type InstrumentType = OptionType | 'FUT';
export type Side = 'BUY' | 'SELL';

/** How far the stop or target sits from the entry price. */
export interface LegLevel {
  /** points: premium points; pct: percent of the entry premium. */
  type: 'points' | 'pct';
  value: number;
}

/**
 * A trailing stop: each time the premium moves `every` in the leg's favour from the entry, the stop moves
 * `by` the same way (points: premium points; pct: percent of the entry premium).
 */
export interface LegTrail {
  type: 'points' | 'pct';
  every: number;
  by: number;
}

/** One resolved leg: a tradable option or future with a side and a quantity. */
export interface Leg {
  /** Stable within the message: the leg-config node id plus the leg's index or name. */
  id: string;
  underlying: string;
  exchange: string;
  optionType: InstrumentType;
  side: Side;
  lots: number;
  lotSize: number;
  /** lots × lotSize */
  qty: number;
  /** 0 for a future. */
  strike: number;
  /** Expiry date, YYYY-MM-DD (IST). */
  expiry: string;
  /** Tradable symbol, e.g. NIFTY01DEC2626000CE or NIFTY29DEC26FUT. */
  symbol: string;
  stopLoss?: LegLevel;
  target?: LegLevel;
  trail?: LegTrail;
  /**
   * Index points against the leg (up for a sold call or a bought put, down for a sold put or a bought call)
   * at which it is stopped out, measured from the index at its entry fill.
   */
  underlyingStop?: number;
  /** Index points in the leg's favour at which it books its profit. */
  underlyingTarget?: number;
  /**
   * Wait and trade: the leg is placed only once its premium has moved this many percent from its price at
   * the signal (+10 = after it rises 10 %, −10 = after it falls 10 %).
   */
  waitMovePct?: number;
  /** When another leg of the group is stopped out, this leg's stop moves to its entry price (cost). */
  stopToCostOnOtherStop?: boolean;
  /**
   * Re-entry at cost: after this leg's stop is hit, its premium is watched until it comes back to the entry
   * price, which is reported as a `leg_price_returned` position event (for the rest of the day).
   */
  watchReturnAfterStop?: boolean;
}

export interface RiskLimits {
  maxLotsPerOrder?: number;
  maxOpenLots?: number;
  maxOrdersPerSecond?: number;
  /**
   * Rupees: when the deployment's P&L for the day (realised + open MTM) falls to −maxDailyLoss, everything
   * it holds is exited and it takes no new entry that day (the kill switch).
   */
  maxDailyLoss?: number;
}

/** Risk attached along the path; it travels with the legs and becomes the position group's policy. */
export interface RiskPolicy {
  /** Combined MTM stop-loss in rupees (a positive number: exit when MTM ≤ −mtmStopLoss). */
  mtmStopLoss?: number;
  /** Combined MTM target in rupees (exit when MTM ≥ mtmTarget). */
  mtmTarget?: number;
  /** Trails the MTM stop-loss: for every `every` rupees of peak profit, the stop rises `by` rupees. */
  mtmTrail?: { every: number; by: number };
  /**
   * Once the MTM profit reaches `reach` rupees, exit if it falls back to `lock`; then, for every
   * `trailEvery` rupees of peak profit above `reach`, the locked amount rises `trailBy` (both optional).
   */
  profitLock?: { reach: number; lock: number; trailEvery?: number; trailBy?: number };
  limits?: RiskLimits;
  /** IST wall-clock time "HH:mm" at which open legs are squared off. */
  squareOffAt?: string;
}

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
