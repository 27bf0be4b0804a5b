import { istParts } from '../../time.ts';
import type { Bar } from './bars.ts';

/** The trading dates (IST, YYYY-MM-DD) among `dates` on which not one bar falls, in the order given. */
export function uncoveredDates(bars: readonly Bar[], dates: readonly string[]): string[] {
  const withBars = new Set<string>();
  let last = '';
  for (const bar of bars) {
    const date = istParts(bar.time).date;
    if (date !== last) withBars.add((last = date));
  }
  return dates.filter((d) => !withBars.has(d));
}
