import { istToMs } from '../../../time.ts';
import type { Bar } from '../bars.ts';

/**
 * One-minute bars of an IST date from `start` (HH:MM), one a close: each opens at the previous close and
 * spans both, so every bar is sane and its close is the price a test computes premiums from.
 */
export function minuteBars(date: string, start: string, closes: readonly number[]): Bar[] {
  const t0 = istToMs(date, start);
  return closes.map((close, i) => {
    const open = closes[i - 1] ?? close;
    return { time: t0 + i * 60_000, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 0, oi: null };
  });
}

/** `n` copies of a price: a flat stretch of closes. */
export function flat(price: number, n: number): number[] {
  return Array.from({ length: n }, () => price);
}
