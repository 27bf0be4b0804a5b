/**
 * How execution nodes send their orders: the limit-with-chase settings and the part of a position an exit
 * takes, shared by exec.enter and exec.exit so both describe them the same way.
 */
import { z } from 'zod';
import type { ChaseParams, ExitPortion } from '../../runtime/context.ts';

export const chaseParam = z
  .object({
    everyMs: z.number().int().min(250).max(60_000).default(2_000).describe('Milliseconds between modifications'),
    maxModifications: z.number().int().min(0).max(20).default(3).describe('Modifications before the order is sent at market'),
    offsetTicks: z
      .number()
      .int()
      .min(-20)
      .max(20)
      .default(0)
      .describe('Ticks from the last price in your favour (buy below it, sell above it); 0 = at the last price; negative = through it'),
  })
  .default({ everyMs: 2_000, maxModifications: 3, offsetTicks: 0 })
  .describe('For CHASE: a limit at the last price, moved to the new last price every so often, then sent at market');

export function formatChase(c: ChaseParams): string {
  const ticks = Math.abs(c.offsetTicks);
  const offset = ticks === 0 ? 'at LTP' : `${ticks} tick${ticks === 1 ? '' : 's'} ${c.offsetTicks > 0 ? 'better than' : 'through'} LTP`;
  return `chase ${offset}, every ${c.everyMs / 1000}s ×${c.maxModifications}, then market`;
}

export const portionParam = z
  .object({
    unit: z.enum(['lots', 'pct']).default('lots').describe('"lots" = that many lots of each leg; "pct" = that percent of each leg’s lots'),
    value: z.number().positive().max(100_000).default(1).describe('How many lots, or what percent'),
  })
  .refine((p) => (p.unit === 'lots' ? Number.isInteger(p.value) : p.value <= 100), {
    message: 'use a whole number of lots, or a percent up to 100',
    path: ['value'],
  })
  .nullable()
  .default(null)
  .describe('Exit only part of each leg: n lots, or a percent of its lots rounded down to whole lots (at least 1); empty = all of it');

export function toPortion(p: z.output<typeof portionParam>): ExitPortion | undefined {
  if (p === null) return undefined;
  return p.unit === 'lots' ? { lots: p.value } : { pct: p.value };
}
