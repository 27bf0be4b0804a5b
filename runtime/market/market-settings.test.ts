import { describe, it, expect } from 'vitest';
import { TradingCalendar } from './calendar.ts';
import { FixedMarket } from './fixed-market.ts';
import { Instruments } from './instruments.ts';
import { defaultMarketSettings, optionRates, parseMarketSettings, smileVol } from './market-settings.ts';
import { SyntheticMarket } from './synthetic-market.ts';

describe('market settings', () => {
  it('bundles realistic levels for every default underlying', () => {
    const s = defaultMarketSettings();
    expect(Object.fromEntries(Object.entries(s.underlyings).map(([u, v]) => [u, v.reference]))).toEqual({
      NIFTY: 26000,
      BANKNIFTY: 59000,
      FINNIFTY: 27500,
      MIDCPNIFTY: 13500,
      SENSEX: 85000,
    });
    expect(s.underlyings.NIFTY?.smile.atmIv).toBe(0.12);
  });

  it('gives one rate and dividend yield per underlying, which every market values options with', () => {
    const s = defaultMarketSettings();
    expect(optionRates(s, 'NIFTY')).toEqual({ rate: 0.055, dividendYield: 0.012 });
    expect(optionRates(s, 'BANKNIFTY')).toEqual({ rate: 0.055, dividendYield: 0.009 });
    expect(() => optionRates(s, 'GOLD')).toThrow('GOLD has no market settings (rate and dividend yield); add it to the market settings file.');

    const calendar = TradingCalendar.default();
    const synthetic = new SyntheticMarket({ seed: 1, startMs: Date.UTC(2026, 0, 5, 4, 30), instruments: Instruments.default(calendar), calendar });
    expect(synthetic.rates('NIFTY')).toEqual({ rate: 0.055, dividendYield: 0.012 });
    expect(synthetic.chain('NIFTY', '2026-01-06', 1).rates).toEqual({ rate: 0.055, dividendYield: 0.012 });
    expect(new FixedMarket().rates('SENSEX')).toEqual({ rate: 0.055, dividendYield: 0.012 });
    const mine = parseMarketSettings({ ...s, riskFreeRate: 0.065 });
    expect(new FixedMarket(mine).rates('NIFTY')).toEqual({ rate: 0.065, dividendYield: 0.012 });
  });

  it('catches a volatility written in percent', () => {
    const bad = {
      riskFreeRate: 0.055,
      spreadPct: 0.004,
      underlyings: { NIFTY: { reference: 26000, annualVol: 13, smile: { atmIv: 0.12, skew: 0, curvature: 0 } } },
    };
    expect(() => parseMarketSettings(bad, 'mine.json')).toThrow(
      /mine\.json is not valid:\n {2}underlyings\.NIFTY\.annualVol: is a decimal: write 0\.12 for 12 %/,
    );
  });
});

describe('smileVol', () => {
  const smile = { atmIv: 0.12, skew: -0.012, curvature: 0.004 };
  const years = 7 / 365;
  const sd = 0.12 * Math.sqrt(years); // one standard deviation in log-moneyness

  it('is the ATM vol at the forward', () => {
    expect(smileVol(smile, 26000, 26000, years)).toBeCloseTo(0.12, 12);
  });

  it('prices puts (low strikes) dearer than calls at the same distance', () => {
    const down2 = 26000 * Math.exp(-2 * sd);
    const up2 = 26000 * Math.exp(2 * sd);
    expect(smileVol(smile, down2, 26000, years)).toBeCloseTo(0.12 + 0.024 + 0.016, 12); // 16 %
    expect(smileVol(smile, up2, 26000, years)).toBeCloseTo(0.12 - 0.024 + 0.016, 12); // 11.2 %
  });

  it('stays flat beyond four standard deviations and never drops below 1 %', () => {
    const far = smileVol(smile, 20000, 26000, years);
    expect(far).toBeCloseTo(0.12 + 0.048 + 0.064, 12);
    expect(smileVol({ atmIv: 0.12, skew: -0.2, curvature: 0 }, 40000, 26000, years)).toBe(0.01);
  });
});

describe('market settings: the correlation of the indices', () => {
  const base = defaultMarketSettings();
  const withMatrix = (indices: string[], matrix: number[][]) => ({ ...base, correlation: { indices, matrix } });

  it('bundles the documented estimates: NIFTY–SENSEX 0.98, NIFTY–BANKNIFTY 0.80, NIFTY–FINNIFTY 0.90, NIFTY–MIDCPNIFTY 0.80', () => {
    const { indices, matrix } = base.correlation!;
    const rho = (a: string, b: string) => matrix[indices.indexOf(a)]![indices.indexOf(b)];
    expect([rho('NIFTY', 'SENSEX'), rho('NIFTY', 'BANKNIFTY'), rho('NIFTY', 'FINNIFTY'), rho('NIFTY', 'MIDCPNIFTY'), rho('BANKNIFTY', 'FINNIFTY')]).toEqual([
      0.98, 0.8, 0.9, 0.8, 0.93,
    ]);
  });

  it('refuses, when read, a matrix no indices could have: not positive definite', () => {
    const impossible = withMatrix(
      ['NIFTY', 'BANKNIFTY', 'SENSEX'],
      [
        [1, 0.9, -0.9],
        [0.9, 1, 0.9],
        [-0.9, 0.9, 1],
      ],
    );
    expect(() => parseMarketSettings(impossible, 'mine.json')).toThrow(
      "mine.json is not valid:\n  correlation.matrix: is not positive definite: no indices can have all these correlations at once (the factor breaks down at SENSEX); check SENSEX's figures against the indices above it",
    );
  });

  it('refuses a matrix that is not symmetric, lacks a 1 on its diagonal, has the wrong size or names an unknown index', () => {
    const problems = (value: unknown) => {
      try {
        parseMarketSettings(value, 'mine.json');
        return 'valid';
      } catch (err) {
        return (err as Error).message
          .split('\n')
          .slice(1)
          .map((l) => l.trim());
      }
    };
    expect(
      problems(
        withMatrix(
          ['NIFTY', 'SENSEX'],
          [
            [1, 0.98],
            [0.9, 1],
          ],
        ),
      ),
    ).toEqual(['correlation.matrix.1.0: SENSEX–NIFTY is 0.9 here but 0.98 at [0][1]: the matrix must be symmetric']);
    expect(
      problems(
        withMatrix(
          ['NIFTY', 'SENSEX'],
          [
            [1, 0.98],
            [0.98, 0.98],
          ],
        ),
      ),
    ).toEqual(['correlation.matrix.1.1: SENSEX with itself must be 1']);
    expect(problems(withMatrix(['NIFTY', 'SENSEX'], [[1, 0.98]]))).toEqual(['correlation.matrix: must be 2 rows of 2 figures, one per index in "indices"']);
    expect(
      problems(
        withMatrix(
          ['NIFTY', 'GOLD'],
          [
            [1, 0.2],
            [0.2, 1],
          ],
        ),
      ),
    ).toEqual(['correlation.indices.1: GOLD has no settings under "underlyings"']);
    expect(
      problems(
        withMatrix(
          ['NIFTY', 'SENSEX'],
          [
            [1, 1.2],
            [1.2, 1],
          ],
        ),
      ),
    ).toEqual(['correlation.matrix.0.1: a correlation is at most 1', 'correlation.matrix.1.0: a correlation is at most 1']);
  });
});
