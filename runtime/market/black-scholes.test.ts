import { describe, it, expect } from 'vitest';
import { bsPrice, bsValuation, impliedVolatility, normCdf } from './black-scholes.ts';
import type { OptionInput } from './black-scholes.ts';
import { MarketError } from './market-error.ts';

// Hull, Options, Futures and Other Derivatives: Example 15.6 (S=42, K=40, r=10 %, σ=20 %, T=0.5).
const hull = { spot: 42, strike: 40, rate: 0.1, vol: 0.2, years: 0.5 };

describe('Black-Scholes prices', () => {
  it('matches the textbook call 4.76 and put 0.81', () => {
    expect(bsPrice({ ...hull, optionType: 'CE' })).toBeCloseTo(4.7594, 4);
    expect(bsPrice({ ...hull, optionType: 'PE' })).toBeCloseTo(0.8086, 4);
  });

  it('matches Hull Example 17.1 with a dividend yield (S=930, K=900, r=8 %, q=3 %, σ=20 %, 2 months): 51.83', () => {
    const c = bsPrice({ optionType: 'CE', spot: 930, strike: 900, rate: 0.08, dividendYield: 0.03, vol: 0.2, years: 2 / 12 });
    expect(c).toBeCloseTo(51.83, 2);
  });

  it('satisfies put-call parity with dividends: C − P = S·e^(−qT) − K·e^(−rT)', () => {
    const base = { spot: 26040, strike: 26200, rate: 0.055, dividendYield: 0.012, vol: 0.13, years: 9 / 365 };
    const c = bsPrice({ ...base, optionType: 'CE' });
    const p = bsPrice({ ...base, optionType: 'PE' });
    expect(c - p).toBeCloseTo(26040 * Math.exp(-0.012 * base.years) - 26200 * Math.exp(-0.055 * base.years), 8);
  });

  it('has a double-precision normal CDF', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 9);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normCdf(3)).toBeCloseTo(0.9986501019683699, 14);
    expect(normCdf(-40)).toBe(0);
  });

  it('refuses a non-positive time or volatility', () => {
    expect(() => bsPrice({ ...hull, optionType: 'CE', years: 0 })).toThrow('Black-Scholes needs a positive years; got 0.');
    expect(() => bsPrice({ ...hull, optionType: 'CE', vol: -0.1 })).toThrow(/positive vol/);
  });
});

describe('Black-Scholes greeks', () => {
  // Hull Example 19.x: S=49, K=50, r=5 %, σ=20 %, T=20 weeks; call 2.40, Δ 0.522, Γ 0.066, vega 12.1 per unit σ,
  // Θ −4.31 per year, ρ 8.91 per unit r.
  const call = bsValuation({ optionType: 'CE', spot: 49, strike: 50, rate: 0.05, vol: 0.2, years: 20 / 52 });

  it('matches the textbook values in per-day / per-point units', () => {
    expect(call.price).toBeCloseTo(2.4, 2);
    expect(call.delta).toBeCloseTo(0.522, 3);
    expect(call.gamma).toBeCloseTo(0.066, 3);
    expect(call.vega).toBeCloseTo(0.121, 3);
    expect(call.theta * 365).toBeCloseTo(-4.31, 2);
    expect(call.rho).toBeCloseTo(0.0891, 4);
  });

  it('gives puts delta = call delta − e^(−qT) and the same gamma and vega', () => {
    const input = { spot: 49, strike: 50, rate: 0.05, dividendYield: 0.02, vol: 0.2, years: 20 / 52 };
    const c = bsValuation({ ...input, optionType: 'CE' });
    const p = bsValuation({ ...input, optionType: 'PE' });
    expect(p.delta).toBeCloseTo(c.delta - Math.exp(-0.02 * input.years), 12);
    expect(p.gamma).toBeCloseTo(c.gamma, 12);
    expect(p.vega).toBeCloseTo(c.vega, 12);
  });

  it('agrees with finite differences', () => {
    const input: OptionInput = {
      optionType: 'PE',
      spot: 26000,
      strike: 25800,
      rate: 0.055,
      dividendYield: 0.012,
      vol: 0.14,
      years: 20 / 365,
    };
    const v = bsValuation(input);
    const h = 0.01;
    const dS = (bsPrice({ ...input, spot: 26000 + h }) - bsPrice({ ...input, spot: 26000 - h })) / (2 * h);
    expect(v.delta).toBeCloseTo(dS, 6);
    const dVol = bsPrice({ ...input, vol: 0.1401 }) - bsPrice({ ...input, vol: 0.1399 });
    expect(v.vega).toBeCloseTo(dVol / 0.02, 4);
    const dt = 1e-4 / 365;
    const perDay = (bsPrice({ ...input, years: input.years - dt }) - bsPrice({ ...input, years: input.years + dt })) / 2e-4;
    expect(v.theta).toBeCloseTo(perDay, 4);
    const dr = (bsPrice({ ...input, rate: 0.0551 }) - bsPrice({ ...input, rate: 0.0549 })) / 0.02;
    expect(v.rho).toBeCloseTo(dr, 4);
    const gs = (bsValuation({ ...input, spot: 26000 + h }).delta - bsValuation({ ...input, spot: 26000 - h }).delta) / (2 * h);
    expect(v.gamma).toBeCloseTo(gs, 8);
  });
});

describe('implied volatility', () => {
  it('recovers the volatility from the textbook prices', () => {
    expect(impliedVolatility(4.759422, { ...hull, optionType: 'CE' })).toBeCloseTo(0.2, 5);
    expect(impliedVolatility(0.808599, { ...hull, optionType: 'PE' })).toBeCloseTo(0.2, 5);
  });

  it('round-trips across strikes, expiries and volatilities, including far OTM and 0-DTE', () => {
    for (const strike of [22000, 25000, 26000, 27000, 30000]) {
      for (const years of [5 / (365 * 24 * 60), 1 / 365, 30 / 365, 1]) {
        for (const vol of [0.05, 0.13, 0.6]) {
          for (const optionType of ['CE', 'PE'] as const) {
            const input = { optionType, spot: 26000, strike, rate: 0.055, dividendYield: 0.012, years };
            const { price, vega } = bsValuation({ ...input, vol });
            if (vega < 1e-6) continue; // the price no longer depends on volatility: nothing to recover
            const iv = impliedVolatility(price, input);
            expect(bsPrice({ ...input, vol: iv }) / price).toBeCloseTo(1, 8);
          }
        }
      }
    }
  });

  it('explains prices outside the no-arbitrage bounds', () => {
    expect(() => impliedVolatility(1.5, { ...hull, optionType: 'CE' })).toThrow(
      /No volatility gives a CE price of 1.5: it must lie strictly between 3\.9508 \(discounted intrinsic value\) and 42\.0000/,
    );
    expect(() => impliedVolatility(45, { ...hull, optionType: 'CE' })).toThrow(/between/);
  });
});

/** The error `f` throws; fails the test when it throws none. */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, got none');
}

describe('bad inputs', () => {
  const call: OptionInput = { ...hull, optionType: 'CE' };
  const invalid = (message: string, details: Record<string, unknown>) =>
    expect.objectContaining({ name: 'MarketError', code: 'INVALID_ARGUMENT', message, details });

  it('blackScholes refuses NaN or an infinity in any input, naming the input and its value', () => {
    const cases: Array<[Partial<OptionInput>, string]> = [
      [{ spot: Number.NaN }, 'a positive spot; got NaN'],
      [{ spot: Infinity }, 'a positive spot; got Infinity'],
      [{ strike: Number.NaN }, 'a positive strike; got NaN'],
      [{ strike: -Infinity }, 'a positive strike; got -Infinity'],
      [{ years: Infinity }, 'a positive years; got Infinity'],
      [{ vol: Number.NaN }, 'a positive vol; got NaN'],
      [{ rate: Number.NaN }, 'a finite rate (a decimal: 0.055 for 5.5 %); got NaN'],
      [{ rate: Infinity }, 'a finite rate (a decimal: 0.055 for 5.5 %); got Infinity'],
      [{ dividendYield: Number.NaN }, 'a finite dividendYield (a decimal: 0.012 for 1.2 %); got NaN'],
      [{ dividendYield: -Infinity }, 'a finite dividendYield (a decimal: 0.012 for 1.2 %); got -Infinity'],
    ];
    for (const [bad, needs] of cases) {
      const [[name, value]] = Object.entries(bad) as [[string, number]];
      for (const price of [bsValuation, bsPrice]) {
        const err = thrownBy(() => price({ ...call, ...bad }));
        expect(err).toBeInstanceOf(MarketError);
        expect(err).toEqual(invalid(`Black-Scholes needs ${needs}.`, { [name]: value }));
      }
    }
  });

  it('blackScholes refuses an option type other than CE or PE instead of valuing it as a put', () => {
    // Before, anything but "CE" took the put branch: { optionType: 'ce' } priced Hull's put, 0.81.
    for (const optionType of ['ce', 'CALL', '', undefined, null]) {
      const err = thrownBy(() => bsValuation({ ...call, optionType } as unknown as OptionInput));
      const shown = typeof optionType === 'string' ? `"${optionType}"` : String(optionType);
      expect(err).toEqual(invalid(`Black-Scholes needs an optionType of "CE" or "PE"; got ${shown}.`, { optionType }));
    }
  });

  it('impliedVolatility refuses a NaN or infinite price, and bad inputs as blackScholes does', () => {
    for (const price of [Number.NaN, Infinity, -Infinity]) {
      const err = thrownBy(() => impliedVolatility(price, call));
      expect(err).toBeInstanceOf(MarketError);
      expect(err).toEqual(invalid(`Implied volatility needs a finite price; got ${price}.`, { price }));
    }
    expect(thrownBy(() => impliedVolatility(4.76, { ...call, spot: Number.NaN }))).toEqual(
      invalid('Black-Scholes needs a positive spot; got NaN.', { spot: Number.NaN }),
    );
    expect(thrownBy(() => impliedVolatility(4.76, { ...call, strike: Infinity }))).toEqual(
      invalid('Black-Scholes needs a positive strike; got Infinity.', { strike: Infinity }),
    );
    expect(thrownBy(() => impliedVolatility(4.76, { ...call, years: Number.NaN }))).toEqual(
      invalid('Black-Scholes needs a positive years; got NaN.', { years: Number.NaN }),
    );
    expect(thrownBy(() => impliedVolatility(4.76, { ...call, rate: Infinity }))).toEqual(
      invalid('Black-Scholes needs a finite rate (a decimal: 0.055 for 5.5 %); got Infinity.', { rate: Infinity }),
    );
    expect(thrownBy(() => impliedVolatility(4.76, { ...call, dividendYield: Number.NaN }))).toEqual(
      invalid('Black-Scholes needs a finite dividendYield (a decimal: 0.012 for 1.2 %); got NaN.', { dividendYield: Number.NaN }),
    );
    const type = thrownBy(() => impliedVolatility(4.76, { ...call, optionType: 'PUT' } as unknown as OptionInput));
    expect(type).toEqual(invalid('Black-Scholes needs an optionType of "CE" or "PE"; got "PUT".', { optionType: 'PUT' }));
  });

  it('still explains a finite price outside the bounds as such', () => {
    // Hull's call: discounted intrinsic value 42 − 40·e^(−0.1·0.5) = 42 − 38.0492 = 3.9508; 0 is below it.
    expect(thrownBy(() => impliedVolatility(0, call))).toMatchObject({ code: 'PRICE_OUTSIDE_BOUNDS' });
  });
});
