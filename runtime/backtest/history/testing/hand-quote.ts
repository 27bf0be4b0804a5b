import type { Quote } from '../../../context.ts';
import { bsPrice } from '../../../market/black-scholes.ts';
import { defaultMarketSettings } from '../../../market/market-settings.ts';
import type { OptionType } from '../../../message.ts';

const SETTINGS = defaultMarketSettings();
const TICK = 0.05;

/** A price on the 0.05 tick, written out rather than through the code under test. */
const onTick = (x: number) => Math.round(x / TICK) * TICK;
const rupees = (x: number) => Number(x.toFixed(2));

/**
 * A NIFTY option's quote worked out step by step: Black-Scholes at `vol` (a flat smile) on the bundled
 * rate and NIFTY dividend yield, calendar years to expiry, LTP on the tick, the bundled spread split either
 * side (at least a tick).
 */
export function handQuote(
  spot: number,
  strike: number,
  type: OptionType,
  nowMs: number,
  expiryMs: number,
  vol: number,
  spreadPct = SETTINGS.spreadPct,
): Omit<Quote, 'symbol' | 'time'> {
  const years = (expiryMs - nowMs) / (365 * 86_400_000);
  const price = bsPrice({ optionType: type, spot, strike, years, vol, rate: SETTINGS.riskFreeRate, dividendYield: SETTINGS.underlyings.NIFTY!.dividendYield });
  const ltp = rupees(Math.max(TICK, onTick(price)));
  const half = spreadPct === 0 ? 0 : rupees(Math.max(TICK, onTick((ltp * spreadPct) / 2)));
  return { ltp, bid: rupees(Math.max(TICK, ltp - half)), ask: rupees(ltp + half) };
}

/** The quote an exit at a level fills around: the spread split either side of `ltp` (at least a tick a side). */
export function quoteAroundLtp(ltp: number, spreadPct = SETTINGS.spreadPct): Omit<Quote, 'symbol' | 'time'> {
  const half = spreadPct === 0 ? 0 : rupees(Math.max(TICK, onTick((ltp * spreadPct) / 2)));
  return { ltp, bid: rupees(Math.max(TICK, ltp - half)), ask: rupees(ltp + half) };
}

/** A level on the nearest tick, as the position manager rounds stops and targets. */
export function levelOnTick(price: number): number {
  return rupees(onTick(price));
}
