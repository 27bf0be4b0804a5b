import type { Bar } from '../../runtime/backtest/history/bars.ts';
import { tradingDates } from '../../runtime/backtest/backtest-settings.ts';
import type { TradingCalendar } from '../../runtime/market/calendar.ts';
import { SeededRandom } from '../../runtime/market/random.ts';
import { roundToTick } from '../../runtime/money.ts';
import { istParts } from '../../runtime/time.ts';

const MINUTE_MS = 60_000;
/** Sub-steps of the walk inside each minute: the bar's high and low are the extremes of these points. */
const STEPS_PER_BAR = 6;
/** Trading minutes in a year, for turning an annual volatility into a minute's (252 sessions of 375 minutes). */
const MINUTES_PER_YEAR = 252 * 375;

export interface YearBarsOptions {
  calendar: TradingCalendar;
  year: number;
  seed: number;
  /** Index level at the first open. */
  start: number;
  /** Annual volatility of the walk, decimal. */
  annualVol: number;
  tick: number;
}

/**
 * One-minute bars of an index for every trading session of `year` (the calendar's days and hours), a seeded
 * geometric Brownian motion with no drift, prices on the tick. Each bar is stamped with the minute its close
 * is known (09:16 to 15:30 on the shipped calendar) and opens at the previous close; its high and low are the
 * extremes of the walk inside the minute, so stops can be reached inside a bar and not only at closes.
 */
export function yearBars(o: YearBarsOptions): Bar[] {
  const random = SeededRandom.forName(o.seed, 'bench-backtest');
  const dt = 1 / (MINUTES_PER_YEAR * STEPS_PER_BAR);
  const sd = o.annualVol * Math.sqrt(dt);
  const drift = -0.5 * o.annualVol * o.annualVol * dt;
  const bars: Bar[] = [];
  let level = o.start;
  let close = roundToTick(level, o.tick);
  for (const date of tradingDates(o.calendar, `${o.year}-01-01`, `${o.year}-12-31`)) {
    const end = o.calendar.sessionCloseMs(date);
    for (let t = o.calendar.sessionOpenMs(date) + MINUTE_MS; t <= end; t += MINUTE_MS) {
      const open = close;
      let high = open;
      let low = open;
      for (let s = 0; s < STEPS_PER_BAR; s++) {
        level *= Math.exp(drift + sd * random.normal());
        close = roundToTick(level, o.tick);
        high = Math.max(high, close);
        low = Math.min(low, close);
      }
      bars.push({ time: t, open, high, low, close, volume: null, oi: null });
    }
  }
  return bars;
}

/**
 * The bars as the CSV both sides of the bench read: `timestamp,open,high,low,close`, the timestamp the IST
 * minute the close is known (`2026-01-01 09:16`), prices with two decimals.
 */
export function barsCsv(bars: readonly Bar[]): string {
  const lines = ['timestamp,open,high,low,close'];
  for (const b of bars) {
    lines.push(`${istMinute(b.time)},${b.open.toFixed(2)},${b.high.toFixed(2)},${b.low.toFixed(2)},${b.close.toFixed(2)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An epoch ms as the IST minute both sides write times in: `2026-01-01 09:16`. */
export function istMinute(ms: number): string {
  const p = istParts(ms);
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}
