/**
 * Param building blocks that several node types share, so one idea has one schema, one description and
 * one summary wording across the catalogue.
 */
import { z } from 'zod';
import type { ExpiryParam } from '../../runtime/market/expiry-setting.ts';
import { pathProblem } from '../../runtime/json-logic.ts';
import { CHANNEL_PATTERN } from '../../runtime/channel.ts';
import { HHMM_PATTERN } from '../../runtime/time.ts';

export const channelParam = (fallback: string, description: string) =>
  z.string().regex(CHANNEL_PATTERN, 'use 1-100 letters, digits, ".", "_", ":" or "-"').default(fallback).describe(description);

export const hhmmParam = (fallback: string, description: string) =>
  z.string().regex(HHMM_PATTERN, 'use a 24-hour time such as 09:20').default(fallback).describe(description);

/** An action word as signals carry it; compared upper-cased, so "entry" and "ENTRY" are the same. */
export const actionWord = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'use a word such as ENTRY, EXIT, BUY or SELL');

export const actionParam = (description: string) => actionWord.default('ENTRY').describe(description);

/** Any JSON value: a JSON Logic rule or expression. One instance, so JSON Schema defines it once. */
export const jsonValue = z.json();

/** Var names are plain identifiers (no dots, no prototype names): they become `vars.<name>` paths. */
export const varName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/, 'start with a letter or "_"; letters, digits and "_" only')
  .refine((name) => pathProblem(name) === undefined, 'this name is reserved');

export const underlyingParam = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,19}$/, 'use the index name in capitals, e.g. NIFTY')
  .default('NIFTY')
  .describe('Index the options are on: NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY or SENSEX (any in your instrument file)');

export const sideParam = (fallback: 'BUY' | 'SELL', description: string) => z.enum(['BUY', 'SELL']).default(fallback).describe(description);

export const optionTypeParam = z.enum(['CE', 'PE']).default('CE').describe('CE = call option, PE = put option');

export const atmBasisParam = z
  .enum(['spot', 'futures'])
  .default('spot')
  .describe(
    'What ATM is measured from: the index "spot", or the near-month "futures" price (above spot by the cost of carry, so its ATM can be a strike higher); offsets and premium and delta searches start there',
  );

export const lotsParam = (description: string) => z.number().int().min(1, 'at least 1 lot').max(1000).default(1).describe(description);

export const strikeParam = z
  .object({
    mode: z
      .enum(['atm', 'premium', 'premium-above', 'premium-below', 'delta', 'absolute'])
      .default('atm')
      .describe(
        'How the strike is picked: "atm" = ATM ± steps; "premium" = premium closest to a price; "premium-above" / "premium-below" = the nearest premium at or above / at or below it; "delta" = delta closest to a value; "absolute" = a fixed strike',
      ),
    offset: z
      .number()
      .int()
      .min(-30)
      .max(30)
      .default(0)
      .describe('Steps from ATM: 0 = ATM, +2 = two strikes out of the money (higher for CE, lower for PE), −1 = one in the money'),
    premium: z.number().positive().default(100).describe('For the premium modes: the option price in ₹'),
    delta: z.number().gt(0).lt(1).default(0.3).describe('For "delta": the delta to get closest to, without sign (0.5 ≈ ATM, 0.2 = further out of the money)'),
    strike: z.number().positive().nullable().default(null).describe('For "absolute": the strike itself, e.g. 26000'),
  })
  .refine((s) => s.mode !== 'absolute' || s.strike !== null, { message: 'enter the strike', path: ['strike'] })
  .default({ mode: 'atm', offset: 0, premium: 100, delta: 0.3, strike: null })
  .describe('Strike of the option');
export type StrikeParam = z.output<typeof strikeParam>;

export function formatStrike(strike: StrikeParam): string {
  if (strike.mode === 'premium') return `₹${strike.premium} premium`;
  if (strike.mode === 'premium-above') return `premium ≥ ₹${strike.premium}`;
  if (strike.mode === 'premium-below') return `premium ≤ ₹${strike.premium}`;
  if (strike.mode === 'delta') return `Δ ${strike.delta}`;
  if (strike.mode === 'absolute') return String(strike.strike);
  if (strike.offset === 0) return 'ATM';
  return strike.offset > 0 ? `OTM${strike.offset}` : `ITM${-strike.offset}`;
}

export { expiryParam, toExpiryRule, type ExpiryParam } from '../../runtime/market/expiry-setting.ts';

const ORDINAL = ['', '1st', '2nd', '3rd'];

export function formatExpiry(expiry: ExpiryParam): string {
  if (expiry.kind === 'date') return expiry.date ?? 'date not set';
  const base = expiry.kind === 'nth-week' ? `${ORDINAL[expiry.n] ?? `${expiry.n}th`} weekly` : expiry.kind.replace('-', ' ');
  return expiry.onExpiryDay === 'roll' ? `${base} (roll on expiry day)` : base;
}

/** Leg names become part of leg ids (`<nodeId>.<name>`), so they stay short and path-safe. */
export const legNameParam = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'start with a letter; letters, digits, "_" or "-" only')
  .nullable()
  .default(null)
  .describe('Optional short name for the leg (e.g. "hedge"); the leg id becomes <node id>.<name>');

/** Formats rupees for summaries: "₹3,000". */
export function rupees(value: number): string {
  return `₹${value.toLocaleString('en-IN')}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
