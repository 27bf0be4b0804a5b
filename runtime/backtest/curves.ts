import { toRupees, type Paise } from '../money.ts';
import { istParts } from '../time.ts';
import { percent } from './percent.ts';
import type { DayMoney } from './stats.ts';
import type { LegTrade } from './trades.ts';

/** Capital plus the cumulative net P&L (after charges), rupees, at a day's close or at an exit. */
export interface EquityPoint {
  /** IST date. */
  date: string;
  /** The exit's time (ISO, as the trade log prints it); absent on a daily point, which stands for the day's close. */
  time?: string;
  equity: number;
}

/** How far the equity stands below its running high (the starting capital being the first high). */
export interface DrawdownPoint {
  date: string;
  time?: string;
  /** Rupees below the high, 0 at a new high. */
  drawdown: number;
  /** The same as a percentage of that high (2 decimals). */
  drawdownPct: number;
}

export interface Curves {
  equity: EquityPoint[];
  drawdown: DrawdownPoint[];
}

/**
 * One point per trading day, at its close, from the day-wise P&L (every trading day of the range, oldest
 * first): the curve the summary's max drawdown is measured on, so its deepest point is that figure.
 */
export function dailyCurves(days: readonly DayMoney[], capitalPaise: Paise): Curves {
  return walk(
    days.map((d) => ({ date: d.date, netPaise: d.netPaise })),
    capitalPaise,
  );
}

/**
 * One point per exit time, from the trade log (in exit order): what the equity did inside the days. Exits
 * at the same moment (the legs of a group closed together) make one point, since a chart needs distinct
 * times. Its drawdown can be deeper than the daily curve's: a fall recovered before the close shows here only.
 */
export function exitCurves(trades: ReadonlyArray<Pick<LegTrade, 'exitMs' | 'netPaise'>>, capitalPaise: Paise): Curves {
  const byMs = new Map<number, Paise>();
  for (const t of trades) byMs.set(t.exitMs, (byMs.get(t.exitMs) ?? 0) + t.netPaise);
  return walk(
    [...byMs.entries()].sort(([a], [b]) => a - b).map(([ms, netPaise]) => ({ date: istParts(ms).date, time: new Date(ms).toISOString(), netPaise })),
    capitalPaise,
  );
}

/** Adds each step's net P&L to the capital in paise and measures the fall from the running high. */
function walk(steps: ReadonlyArray<{ date: string; time?: string; netPaise: Paise }>, capitalPaise: Paise): Curves {
  let equity = capitalPaise;
  let peak = capitalPaise;
  const curves: Curves = { equity: [], drawdown: [] };
  for (const { netPaise, ...at } of steps) {
    equity += netPaise;
    peak = Math.max(peak, equity);
    curves.equity.push({ ...at, equity: toRupees(equity) });
    curves.drawdown.push({ ...at, drawdown: toRupees(peak - equity), drawdownPct: percent(peak - equity, peak) });
  }
  return curves;
}
