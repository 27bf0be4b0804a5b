import type { OptionType } from '../message.ts';
import { MarketError } from './market-error.ts';

/** A European option on an index with a continuous dividend yield (Black-Scholes-Merton). */
export interface OptionInput {
  optionType: OptionType;
  spot: number;
  strike: number;
  /** Time to expiry in years; must be positive. */
  years: number;
  /** Annual volatility as a decimal (0.2 = 20 %). */
  vol: number;
  /** Continuously compounded annual risk-free rate, decimal. Default 0. */
  rate?: number;
  /** Continuous annual dividend yield, decimal. Default 0. */
  dividendYield?: number;
}

/** The rate and dividend yield an option is valued with: one pair per underlying, from the market settings. */
export type OptionRates = Required<Pick<OptionInput, 'rate' | 'dividendYield'>>;

/** Price and greeks in the units a trader reads them. */
export interface OptionValuation {
  price: number;
  delta: number;
  gamma: number;
  /** Change in price per calendar day (annual theta / 365); negative for a long option. */
  theta: number;
  /** Change in price per 1 volatility point (σ + 0.01). */
  vega: number;
  /** Change in price per 1 percentage point of the rate (r + 0.01). */
  rho: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Standard normal CDF to double precision (Hart 1968, as given by West 2005, "Better approximations to
 * cumulative normal functions"): implied volatility of far-OTM options needs tails far beyond the 1e-7 of
 * the usual Abramowitz-Stegun formula.
 */
export function normCdf(x: number): number {
  const z = Math.abs(x);
  let tail = 0;
  if (z <= 37) {
    const e = Math.exp(-0.5 * z * z);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let d = z + 0.65;
      d = z + 4 / d;
      d = z + 3 / d;
      d = z + 2 / d;
      d = z + 1 / d;
      tail = e / d / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

interface Terms {
  sign: 1 | -1;
  sqrtT: number;
  d1: number;
  d2: number;
  /** Spot discounted by the dividend yield: S·e^(−qT). */
  sq: number;
  /** Strike discounted by the rate: K·e^(−rT). */
  kr: number;
  rate: number;
  q: number;
}

/**
 * Refuses what would otherwise price silently wrong: NaN or an infinity gives a NaN price, and any type but
 * "CE" would be valued as a put. The public API is called from plain JavaScript too, so types prove nothing.
 */
function terms(input: OptionInput): Terms {
  const { optionType, spot, strike, years, vol } = input;
  if (optionType !== 'CE' && optionType !== 'PE') {
    throw invalid('an optionType of "CE" or "PE"', 'optionType', optionType);
  }
  for (const [name, v] of [
    ['spot', spot],
    ['strike', strike],
    ['years', years],
    ['vol', vol],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw invalid(`a positive ${name}`, name, v);
  }
  const rate = input.rate ?? 0;
  const q = input.dividendYield ?? 0;
  if (!Number.isFinite(rate)) throw invalid('a finite rate (a decimal: 0.055 for 5.5 %)', 'rate', rate);
  if (!Number.isFinite(q)) throw invalid('a finite dividendYield (a decimal: 0.012 for 1.2 %)', 'dividendYield', q);
  const sqrtT = Math.sqrt(years);
  const d1 = (Math.log(spot / strike) + (rate - q + 0.5 * vol * vol) * years) / (vol * sqrtT);
  return {
    sign: input.optionType === 'CE' ? 1 : -1,
    sqrtT,
    d1,
    d2: d1 - vol * sqrtT,
    sq: spot * Math.exp(-q * years),
    kr: strike * Math.exp(-rate * years),
    rate,
    q,
  };
}

function invalid(needs: string, name: string, value: unknown): MarketError {
  return new MarketError('INVALID_ARGUMENT', `Black-Scholes needs ${needs}; got ${show(value)}.`, { [name]: value });
}

/** A value as the caller wrote it: a string in quotes, so "26000" is not mistaken for 26000. */
function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function bsPrice(input: OptionInput): number {
  const { sign, d1, d2, sq, kr } = terms(input);
  return Math.max(0, sign * (sq * normCdf(sign * d1) - kr * normCdf(sign * d2)));
}

export function bsValuation(input: OptionInput): OptionValuation {
  const t = terms(input);
  const { sign, sqrtT, d1, d2, sq, kr, rate, q } = t;
  const nd1 = normCdf(sign * d1);
  const nd2 = normCdf(sign * d2);
  const pdf = normPdf(d1);
  const annualTheta = (-sq * pdf * input.vol) / (2 * sqrtT) - sign * rate * kr * nd2 + sign * q * sq * nd1;
  return {
    price: Math.max(0, sign * (sq * nd1 - kr * nd2)),
    delta: (sign * sq * nd1) / input.spot,
    gamma: (sq * pdf) / (input.spot * input.spot * input.vol * sqrtT),
    theta: annualTheta / 365,
    vega: (sq * pdf * sqrtT) / 100,
    rho: (sign * kr * input.years * nd2) / 100,
  };
}

const MIN_VOL = 1e-6;
const MAX_VOL = 20;

/**
 * The volatility at which Black-Scholes gives `price`. Newton steps (fast near the answer) kept inside a
 * shrinking bracket, falling back to bisection whenever Newton would leave it (flat vega far from the money).
 */
export function impliedVolatility(price: number, input: Omit<OptionInput, 'vol'>): number {
  const at = (vol: number): OptionInput => ({ ...input, vol });
  const { sign, sq, kr } = terms(at(0.2));
  if (!Number.isFinite(price)) {
    throw new MarketError('INVALID_ARGUMENT', `Implied volatility needs a finite price; got ${show(price)}.`, { price });
  }
  const lower = Math.max(0, sign * (sq - kr));
  const upper = sign === 1 ? sq : kr;
  if (price <= lower || price >= upper) {
    throw new MarketError(
      'PRICE_OUTSIDE_BOUNDS',
      `No volatility gives a ${input.optionType} price of ${price}: it must lie strictly between ` +
        `${lower.toFixed(4)} (discounted intrinsic value) and ${upper.toFixed(4)}.`,
      { price, lower, upper },
    );
  }
  let lo = MIN_VOL;
  let hi = MAX_VOL;
  if (bsPrice(at(hi)) < price) {
    const message = `A price of ${price} implies a volatility above ${MAX_VOL * 100} %.`;
    throw new MarketError('PRICE_OUTSIDE_BOUNDS', message, { price });
  }
  if (bsPrice(at(lo)) >= price) return lo;
  // Brenner-Subrahmanyam: the ATM approximation, a good start for most quotes.
  let vol = Math.min(Math.max((price / input.spot) * Math.sqrt((2 * Math.PI) / input.years), 0.01), 2);
  const tolerance = 1e-10 * Math.max(price, 1e-4);
  for (let i = 0; i < 200; i++) {
    const v = bsValuation(at(vol));
    const diff = v.price - price;
    if (Math.abs(diff) < tolerance || hi - lo < 1e-12) return vol;
    if (diff > 0) hi = vol;
    else lo = vol;
    const newton = vol - diff / (v.vega * 100);
    vol = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
  }
  return vol;
}
