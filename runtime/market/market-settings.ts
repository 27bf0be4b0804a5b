import { z } from 'zod';
import bundledSettings from '../data/synthetic-market.json' with { type: 'json' };
import type { OptionRates } from './black-scholes.ts';
import { cholesky } from './correlation.ts';
import { loadDataFile, parseDataFile } from './data-file.ts';
import { MarketError } from './market-error.ts';

const decimal = (max: number, example: string) => z.number().min(0).max(max, `is a decimal: write ${example}`);
const volatility = decimal(3, '0.12 for 12 %').positive();

const smileSchema = z.object({
  atmIv: volatility,
  /** Vol change per standard deviation of moneyness; negative makes OTM puts dearer. */
  skew: z.number().min(-0.2).max(0.2),
  /** Vol added per squared standard deviation; lifts both wings. */
  curvature: z.number().min(0).max(0.2),
});
export type Smile = z.output<typeof smileSchema>;

const underlyingSettingsSchema = z.object({
  /** Starting level of the synthetic index. */
  reference: z.number().positive(),
  /** Volatility of the index's random walk. */
  annualVol: volatility,
  dividendYield: decimal(0.2, '0.012 for 1.2 %').default(0),
  smile: smileSchema,
});
export type UnderlyingSettings = z.output<typeof underlyingSettingsSchema>;

const underlyingName = z.string().regex(/^[A-Z][A-Z0-9]*$/, 'must be an underlying name such as NIFTY');

/**
 * How the indices move together: the correlation of their one-minute returns. Checked as a correlation
 * matrix must be (square, symmetric, 1 on the diagonal, every figure within ±1) and positive definite,
 * since the random walk applies its Cholesky factor.
 */
const correlationSchema = z
  .object({
    $comment: z.string().optional(),
    indices: z.array(underlyingName).min(2, 'list at least two indices'),
    matrix: z.array(z.array(z.number().min(-1, 'a correlation is at least −1').max(1, 'a correlation is at most 1'))),
  })
  .superRefine(({ indices, matrix }, ctx) => {
    const issue = (message: string, path: (string | number)[] = ['matrix']) => ctx.addIssue({ code: 'custom', path, message });
    const n = indices.length;
    const twice = indices.find((name, i) => indices.indexOf(name) !== i);
    if (twice !== undefined) return issue(`${twice} is listed twice`, ['indices']);
    if (matrix.length !== n || matrix.some((row) => row.length !== n)) return issue(`must be ${n} rows of ${n} figures, one per index in "indices"`);
    for (let i = 0; i < n; i++) {
      if (matrix[i]![i] !== 1) issue(`${indices[i]} with itself must be 1`, ['matrix', i, i]);
      for (let j = 0; j < i; j++) {
        if (Math.abs(matrix[i]![j]! - matrix[j]![i]!) > 1e-12)
          issue(`${indices[i]}–${indices[j]} is ${matrix[i]![j]} here but ${matrix[j]![i]} at [${j}][${i}]: the matrix must be symmetric`, ['matrix', i, j]);
      }
    }
    if (ctx.issues.length > 0) return;
    const result = cholesky(matrix);
    if ('failedRow' in result) {
      const name = indices[result.failedRow];
      issue(
        `is not positive definite: no indices can have all these correlations at once (the factor breaks down at ${name}); check ${name}'s figures against the indices above it`,
      );
    }
  });

export const marketSettingsSchema = z
  .object({
    $comment: z.string().optional(),
    riskFreeRate: decimal(0.5, '0.055 for 5.5 %'),
    /**
     * Bid-ask spread of an option as a fraction of its price, split evenly around LTP and at least one tick
     * either side; 0 quotes bid = ask = LTP. SIM market orders buy at the ask and sell at the bid.
     */
    spreadPct: decimal(0.5, '0.004 for 0.4 %'),
    underlyings: z.record(underlyingName, underlyingSettingsSchema),
    /** Absent: every index moves on its own. */
    correlation: correlationSchema.optional(),
  })
  .superRefine((s, ctx) => {
    s.correlation?.indices.forEach((name, i) => {
      if (!(name in s.underlyings))
        ctx.addIssue({ code: 'custom', path: ['correlation', 'indices', i], message: `${name} has no settings under "underlyings"` });
    });
  });
export type MarketSettings = z.output<typeof marketSettingsSchema>;

/** The bundled settings (runtime/data/synthetic-market.json). */
export function defaultMarketSettings(): MarketSettings {
  return parseDataFile(marketSettingsSchema, bundledSettings, 'bundled synthetic-market.json');
}

export function parseMarketSettings(data: unknown, source = 'market settings'): MarketSettings {
  return parseDataFile(marketSettingsSchema, data, source);
}

export function loadMarketSettings(path: string): MarketSettings {
  return loadDataFile(marketSettingsSchema, path);
}

/**
 * The rate and dividend yield options on `underlying` are valued with: the one pair that the chain, the
 * greeks and a strike picked by delta all read.
 */
export function optionRates(settings: MarketSettings, underlying: string): OptionRates {
  const u = settings.underlyings[underlying];
  if (!u) {
    const message = `${underlying} has no market settings (rate and dividend yield); add it to the market settings file.`;
    throw new MarketError('UNKNOWN_UNDERLYING', message, { underlying });
  }
  return { rate: settings.riskFreeRate, dividendYield: u.dividendYield };
}

/** Beyond four standard deviations the smile is held flat: 0-DTE wings would otherwise reach absurd vols. */
const MAX_MONEYNESS_SD = 4;
const MIN_IV = 0.01;

/**
 * Implied volatility for a strike: a quadratic in standardised moneyness z = ln(K/F) / (atmIv·√T).
 * Measuring moneyness in standard deviations keeps one smile sensible from 0-DTE weeklies to monthlies.
 */
export function smileVol(smile: Smile, strike: number, forward: number, years: number): number {
  const raw = Math.log(strike / forward) / (smile.atmIv * Math.sqrt(years));
  const z = Math.min(MAX_MONEYNESS_SD, Math.max(-MAX_MONEYNESS_SD, raw));
  return Math.max(MIN_IV, smile.atmIv + smile.skew * z + smile.curvature * z * z);
}
