import type { TradingCalendar } from '../market/calendar.ts';
import { isIsoDate } from '../market/data-file.ts';
import { toPaise } from '../money.ts';
import { addDays } from '../time.ts';
import { BacktestError } from './backtest-error.ts';

/** Longest range one backtest covers: ten years of days, past which a typo (2062 for 2026) is the likelier cause. */
const MAX_RANGE_DAYS = 3660;
const MIN_STEP_MS = 1_000;
const MAX_STEP_MS = 3_600_000;
const MAX_CAPITAL = 1e12;

/** What a backtest is run with, apart from the graph and the signals. */
export interface BacktestSettings {
  /** First and last IST date of the range, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** The synthetic market's seed. */
  seed: number;
  /** Starting capital of the SIM account, rupees. */
  capital: number;
  /** How far the clock moves between market steps inside a session, ms (1 s to 1 h). */
  stepMs: number;
}

/** Refuses settings that cannot run, each with what to change (BacktestError INVALID_SETTINGS). */
export function checkSettings(s: BacktestSettings): void {
  for (const [name, date] of [
    ['from', s.from],
    ['to', s.to],
  ] as const) {
    if (!isIsoDate(date)) invalid(`The ${name} date must be a date YYYY-MM-DD; got "${date}".`);
  }
  if (s.from > s.to) invalid(`The range starts (${s.from}) after it ends (${s.to}).`);
  if (addDays(s.from, MAX_RANGE_DAYS) < s.to) invalid(`The range ${s.from} to ${s.to} is longer than ${MAX_RANGE_DAYS} days; split it.`);
  if (!Number.isSafeInteger(s.seed) || s.seed < 0 || s.seed > 2 ** 31 - 1) invalid(`The seed must be a whole number from 0 to ${2 ** 31 - 1}; got ${s.seed}.`);
  if (!Number.isFinite(s.capital) || toPaise(s.capital) <= 0 || s.capital > MAX_CAPITAL)
    invalid(`The capital must be more than ₹0 and at most ₹${MAX_CAPITAL}; got ${s.capital}.`);
  if (!Number.isSafeInteger(s.stepMs) || s.stepMs < MIN_STEP_MS || s.stepMs > MAX_STEP_MS) {
    invalid(`The step must be a whole number of ms from ${MIN_STEP_MS} to ${MAX_STEP_MS}; got ${s.stepMs}.`);
  }
}

/**
 * The trading dates of the range, oldest first: weekends and the exchange's holidays left out. A date the
 * calendar does not cover is refused with the calendar's own error (MarketError CALENDAR_NOT_COVERED), so
 * a backtest never guesses whether a day traded.
 */
export function tradingDates(calendar: TradingCalendar, from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (calendar.isTradingDay(d)) dates.push(d);
  return dates;
}

function invalid(message: string): never {
  throw new BacktestError('INVALID_SETTINGS', message);
}
