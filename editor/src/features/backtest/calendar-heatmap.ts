import { toPaise } from '../../../../runtime/money.ts';
import { addDays, weekdayOf } from '../../../../runtime/time.ts';
import type { BacktestDay } from './backtest-schemas.ts';

/** Shades each way from 0: a day's colour is its P&L's sign and its size against the largest day's. */
export const SHADES = 4;

export interface HeatCell {
  date: string;
  /** Net P&L of a trading day of the result; null for a day the backtest did not play (weekend, holiday). */
  pnl: number | null;
  /** -SHADES (the worst loss) … 0 (flat, or not played) … SHADES (the best gain). */
  level: number;
}

export interface HeatWeek {
  /** The week's Monday. */
  monday: string;
  /** Its days, Monday first, as many as `heatmap` shows rows. */
  cells: HeatCell[];
  /** "Jan 2026" on the first column and on each column whose Monday opens a new month; null on the others. */
  month: string | null;
}

export interface Heatmap {
  /** Weekday indices shown as rows (0 = Sunday): Monday to Friday, and a weekend day only if one was played. */
  rows: number[];
  weeks: HeatWeek[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (date: string) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

/**
 * A day's shade: the share of the largest absolute day P&L it reaches, rounded up to one of SHADES steps,
 * signed. In whole paise, so a day equal to the largest is exactly SHADES and a paisa is never 0.
 */
export function shadeOf(pnl: number, largest: number): number {
  const p = Math.abs(toPaise(pnl));
  const max = Math.abs(toPaise(largest));
  if (p === 0 || max === 0) return 0;
  return Math.sign(pnl) * Math.ceil((SHADES * p) / max);
}

/** The result's days as a calendar: a column per week (Monday first) from the first day's week to the last's. */
export function heatmap(days: readonly BacktestDay[]): Heatmap {
  if (days.length === 0) return { rows: [1, 2, 3, 4, 5], weeks: [] };
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const byDate = new Map(sorted.map((d) => [d.date, d.pnl]));
  const largest = Math.max(...sorted.map((d) => Math.abs(d.pnl)));
  const weekend = new Set<number>(sorted.map((d) => weekdayOf(d.date)).filter((w) => w === 0 || w === 6));
  const rows = [1, 2, 3, 4, 5, ...[6, 0].filter((w) => weekend.has(w))];

  const first = sorted[0]!.date;
  const last = sorted[sorted.length - 1]!.date;
  const weeks: HeatWeek[] = [];
  let shownMonth = '';
  for (let monday = addDays(first, -((weekdayOf(first) + 6) % 7)); monday <= last; monday = addDays(monday, 7)) {
    const cells = rows.map((w) => {
      const date = addDays(monday, (w + 6) % 7);
      const pnl = byDate.get(date) ?? null;
      return { date, pnl, level: pnl === null ? 0 : shadeOf(pnl, largest) };
    });
    // Labelled by its first date shown when that month is not the previous column's.
    const month = monthLabel(monday < first ? first : monday);
    weeks.push({ monday, cells, month: month === shownMonth ? null : month });
    shownMonth = month;
  }
  return { rows, weeks };
}
