import type { Quote } from '../context.ts';
import { bsPrice, bsValuation, type OptionRates, type OptionValuation } from './black-scholes.ts';
import { smileVol, type Smile } from './market-settings.ts';
import { roundToTick } from '../money.ts';
import { DAY_MS } from '../time.ts';
import type { ContractInfo } from './contract-book.ts';

const YEAR_MS = 365 * DAY_MS;

/** Theoretical values of an option at a time, with the inputs that produced them. */
export interface OptionGreeks extends OptionValuation {
  /** Implied volatility from the smile, decimal. */
  iv: number;
  /** Time to expiry in years (after the floor). */
  years: number;
}

/** A contract's quote and greeks at a time. */
export interface ModelledPrice {
  quote: Quote;
  greeks: OptionGreeks;
}

/** What a contract is valued from: the underlying's price and the market's terms at one moment. */
export interface ValuationInputs {
  symbol: string;
  now: number;
  spot: number;
  tick: number;
  smile: Smile;
  rates: OptionRates;
  /** The options' spread as a fraction of the price (market settings' spreadPct); 0 quotes bid = ask = LTP. */
  spreadPct: number;
  /** Shortest time to expiry priced, years, so 0-DTE premiums stay finite near the close. */
  minYears: number;
}

/**
 * How Legflow prices a contract with no recorded premiums, as a function of its inputs: an option by Black-Scholes at
 * the smile's volatility for its strike, LTP on the tick, the spread split around it (at least one tick a
 * side, bid never below a tick); an index future at spot × e^((r − q)·t), one tick either side.
 * The synthetic market and the history market both price with it.
 */
export function modelledPrice(c: ContractInfo, v: ValuationInputs): ModelledPrice {
  const { symbol, now, spot, tick, rates } = v;
  const { rate, dividendYield } = rates;
  if (c.kind === 'future') {
    const years = (c.expiryMs - now) / YEAR_MS;
    const carry = Math.exp((rate - dividendYield) * years);
    const fair = spot * carry;
    const quote = quoteAround(c, symbol, roundToTick(fair, tick), v);
    const greeks = { price: fair, delta: carry, gamma: 0, theta: (-(rate - dividendYield) * fair) / 365, vega: 0, rho: (years * fair) / 100, iv: 0, years };
    return { quote, greeks: Object.freeze(greeks) };
  }
  const years = Math.max((c.expiryMs - now) / YEAR_MS, v.minYears);
  const forward = spot * Math.exp((rate - dividendYield) * years);
  const iv = smileVol(v.smile, c.strike, forward, years);
  const valuation = bsValuation({ optionType: c.optionType, spot, strike: c.strike, years, vol: iv, rate, dividendYield });
  const quote = quoteAround(c, symbol, Math.max(tick, roundToTick(valuation.price, tick)), v);
  return { quote, greeks: Object.freeze({ ...valuation, iv, years }) };
}

/**
 * The quote around an LTP on the tick: an option's spread split either side (at least one tick a side, bid
 * never below a tick; none at spreadPct 0), an index future's one tick either side.
 */
export function quoteAround(c: ContractInfo, symbol: string, ltp: number, v: Pick<ValuationInputs, 'tick' | 'spreadPct' | 'now'>): Quote {
  const { tick, now } = v;
  if (c.kind === 'future') {
    return Object.freeze({ symbol, ltp, bid: ltp - tick > 0 ? roundToTick(ltp - tick, tick) : ltp, ask: roundToTick(ltp + tick, tick), time: now });
  }
  const half = v.spreadPct === 0 ? 0 : Math.max(tick, roundToTick((ltp * v.spreadPct) / 2, tick));
  const bid = Math.max(tick, roundToTick(ltp - half, tick));
  return Object.freeze({ symbol, ltp, bid, ask: roundToTick(ltp + half, tick), time: now });
}

/**
 * The LTP `modelledPrice` would quote, without the greeks or the quote around it: what stops, targets and
 * the monitor read many times a bar. The same arithmetic, so the two never disagree.
 */
export function modelledLtp(c: ContractInfo, v: ValuationInputs): number {
  const { now, spot, tick, rates } = v;
  const { rate, dividendYield } = rates;
  if (c.kind === 'future') return roundToTick(spot * Math.exp((rate - dividendYield) * ((c.expiryMs - now) / YEAR_MS)), tick);
  const years = Math.max((c.expiryMs - now) / YEAR_MS, v.minYears);
  const iv = smileVol(v.smile, c.strike, spot * Math.exp((rate - dividendYield) * years), years);
  return Math.max(tick, roundToTick(bsPrice({ optionType: c.optionType, spot, strike: c.strike, years, vol: iv, rate, dividendYield }), tick));
}
