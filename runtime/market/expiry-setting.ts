/**
 * The expiry setting a leg holds (`{kind: 'next-week', onExpiryDay: 'roll'}`) and the rule the instruments
 * resolve it by. It lives with the market so the server can resolve settings without reading node params.
 */
import { z } from 'zod';
import type { ExpiryRule } from '../context.ts';

const EXPIRY_KINDS = ['current-week', 'next-week', 'nth-week', 'current-month', 'next-month', 'date'] as const;

export const expiryParam = z
  .object({
    kind: z
      .enum(EXPIRY_KINDS)
      .default('current-week')
      .describe("Which expiry to trade: this week's, next week's, the n-th weekly, this month's, next month's, or a fixed date"),
    n: z.number().int().min(1).max(8).default(3).describe('For "the n-th weekly": 1 = this week’s, 2 = next week’s, 3 = the one after …'),
    onExpiryDay: z
      .enum(['trade', 'roll'])
      .default('trade')
      .describe('On the expiry day itself: "trade" the contract expiring today (0-DTE), or "roll" to the following expiry'),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date such as 2026-01-27')
      .nullable()
      .default(null)
      .describe('The expiry date (YYYY-MM-DD) when "a fixed date" is chosen'),
  })
  .refine((e) => e.kind !== 'date' || e.date !== null, { message: 'pick the expiry date', path: ['date'] })
  .default({ kind: 'current-week', n: 3, onExpiryDay: 'trade', date: null })
  .describe('Expiry of the option contracts');
export type ExpiryParam = z.output<typeof expiryParam>;

export function toExpiryRule(expiry: ExpiryParam): ExpiryRule {
  const roll = expiry.onExpiryDay === 'roll' ? { roll: true } : {};
  if (expiry.kind === 'nth-week') return { kind: 'nth-week', n: expiry.n, ...roll };
  if (expiry.kind !== 'date') return { kind: expiry.kind, ...roll };
  if (expiry.date === null) throw new Error('the expiry is "a fixed date" but no date is set');
  return { kind: 'date', date: expiry.date };
}
