import { z } from 'zod';
import bundledSettings from '../data/synthetic-market.json' with { type: 'json' };
import { loadDataFile, parseDataFile } from './data-file.ts';

const decimal = (max: number, example: string) =>
  z.number().min(0).max(max, `is a decimal: write ${example}`);
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

export const marketSettingsSchema = z.object({
  $comment: z.string().optional(),
  riskFreeRate: decimal(0.5, '0.055 for 5.5 %'),
  /** Bid-ask spread as a fraction of the option's price. */
  spreadPct: decimal(0.5, '0.004 for 0.4 %'),
  underlyings: z.record(
    z.string().regex(/^[A-Z][A-Z0-9]*$/, 'must be an underlying name such as NIFTY'),
    underlyingSettingsSchema,
  ),
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
