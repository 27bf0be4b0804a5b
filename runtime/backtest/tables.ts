import type { CalendarPort } from '../context.ts';
import type { Instruments } from '../market/instruments.ts';
import { toRupees, type Paise } from '../money.ts';
import { addDays, istParts, weekdayOf } from '../time.ts';
import { WEEKDAY_NAMES } from '../weekdays.ts';
import { percent } from './percent.ts';
import type { DayMoney } from './stats.ts';
import type { LegTrade } from './trades.ts';

/** One year of the month × year table, rupees. */
export interface MonthYearRow {
  year: number;
  /** Net P&L of each calendar month, January first; null for a month with no trading day in the range (0 is a month traded flat or not traded). */
  months: Array<number | null>;
  /** The year's net P&L: its months added up. */
  total: number;
}

/** Wins, losses and net P&L of some unit (a day or a trade); ₹0 is neither a win nor a loss, as in the summary. */
export interface Tally {
  pnl: number;
  wins: number;
  losses: number;
  /** wins ÷ the units counted, percent (2 decimals); null when none was counted. */
  winRate: number | null;
}

/** One weekday of the weekday table. Its wins and losses are days: a day's net P&L above or below 0. */
export interface WeekdayRow extends Tally {
  /** "Mon" … "Fri" ("Sat", "Sun" only for a special session with a day in the range). */
  weekday: string;
  /** Trading days of the range on this weekday, and those on which a trade exited (the win rate's base). */
  days: number;
  daysTraded: number;
  trades: number;
}

/** One bucket of the days-to-expiry table. Its wins and losses are trades (leg exits), as the summary counts them. */
export interface DteRow extends Tally {
  /** "0" … "4", "5–9", "10–19", "20+"; "unknown" for a symbol with no readable expiry. */
  bucket: string;
  /** Trading days from entry to expiry the bucket holds (0 = entered on the expiry day); maxDays null = no upper bound; both null for "unknown". */
  minDays: number | null;
  maxDays: number | null;
  trades: number;
}

/** What the days-to-expiry table reads of a trade. */
export type DteTrade = Pick<LegTrade, 'symbol' | 'entryMs' | 'netPaise'>;

/** Where expiries and trading days come from: the backtest kernel's own instruments and calendar. */
export interface ExpiryLookup {
  instruments: Pick<Instruments, 'parseSymbol' | 'parseFuture'>;
  calendar: Pick<CalendarPort, 'isTradingDay'>;
}

/** Weekly contracts get a bucket per day (a week has five sessions); longer ones are grouped. */
const DTE_BUCKETS: ReadonlyArray<{ bucket: string; minDays: number; maxDays: number | null }> = [
  ...[0, 1, 2, 3, 4].map((d) => ({ bucket: String(d), minDays: d, maxDays: d })),
  { bucket: '5–9', minDays: 5, maxDays: 9 },
  { bucket: '10–19', minDays: 10, maxDays: 19 },
  { bucket: '20+', minDays: 20, maxDays: null },
];

/** Net P&L per calendar month and year, oldest year first, from the day-wise P&L (every trading day of the range listed). */
export function monthYearTable(days: readonly DayMoney[]): MonthYearRow[] {
  const years = new Map<number, Array<Paise | null>>();
  for (const d of days) {
    const year = Number(d.date.slice(0, 4));
    const month = Number(d.date.slice(5, 7)) - 1;
    let months = years.get(year);
    if (months === undefined) years.set(year, (months = Array<Paise | null>(12).fill(null)));
    months[month] = (months[month] ?? 0) + d.netPaise;
  }
  return [...years.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, months]) => ({
      year,
      months: months.map((m) => (m === null ? null : toRupees(m))),
      total: toRupees(months.reduce<Paise>((sum, m) => sum + (m ?? 0), 0)),
    }));
}

/** Days, trades and net P&L per weekday, Monday first, from the day-wise P&L. */
export function weekdayTable(days: readonly DayMoney[]): WeekdayRow[] {
  const byWeekday = new Map<number, DayMoney[]>([1, 2, 3, 4, 5].map((wd) => [wd, []]));
  for (const d of days) {
    const wd = weekdayOf(d.date);
    let list = byWeekday.get(wd);
    if (list === undefined) byWeekday.set(wd, (list = []));
    list.push(d);
  }
  // Monday first, Sunday last (0 sorts as 7).
  return [...byWeekday.entries()]
    .sort(([a], [b]) => (a || 7) - (b || 7))
    .map(([wd, list]) => {
      const traded = list.filter((d) => d.trades > 0);
      return {
        weekday: WEEKDAY_NAMES[wd]!.slice(0, 3),
        days: list.length,
        daysTraded: traded.length,
        trades: traded.reduce((n, d) => n + d.trades, 0),
        ...tally(traded.map((d) => d.netPaise)),
      };
    });
}

/**
 * Trades, net P&L and win rate by trading days to expiry at entry, from the trade log. Each leg exit is a
 * trade, its expiry read from its own symbol (an option or a future), so the rows add up to the summary's
 * trades and net P&L. Only buckets with a trade are listed, in order, "unknown" last.
 */
export function dteTable(trades: readonly DteTrade[], lookup: ExpiryLookup): DteRow[] {
  const perBucket = new Map<string, Paise[]>();
  const memo = new Map<string, number | null>();
  for (const t of trades) {
    const entryDate = istParts(t.entryMs).date;
    const key = `${t.symbol}@${entryDate}`;
    let dte = memo.get(key);
    if (dte === undefined) memo.set(key, (dte = daysToExpiryOf(t.symbol, entryDate, lookup)));
    const bucket = dte === null ? 'unknown' : DTE_BUCKETS.find((b) => b.maxDays === null || dte <= b.maxDays)!.bucket;
    let list = perBucket.get(bucket);
    if (list === undefined) perBucket.set(bucket, (list = []));
    list.push(t.netPaise);
  }
  const known = DTE_BUCKETS.filter((b) => perBucket.has(b.bucket)).map((b) => ({ ...b, nets: perBucket.get(b.bucket)! }));
  const unknown = perBucket.get('unknown');
  const rows = unknown === undefined ? known : [...known, { bucket: 'unknown', minDays: null, maxDays: null, nets: unknown }];
  return rows.map(({ nets, ...b }) => ({ ...b, trades: nets.length, ...tally(nets) }));
}

/**
 * Trading days after `entryDate` up to and including `expiry`: 0 when entered on the expiry day, 1 on the
 * session before it (a Friday before a Monday expiry, or the day before a holiday-moved expiry). Null when
 * the expiry is before the entry, which a listed contract cannot be.
 */
export function tradingDaysToExpiry(entryDate: string, expiry: string, calendar: Pick<CalendarPort, 'isTradingDay'>): number | null {
  if (expiry < entryDate) return null;
  let days = 0;
  for (let d = addDays(entryDate, 1); d <= expiry; d = addDays(d, 1)) if (calendar.isTradingDay(d)) days++;
  return days;
}

function daysToExpiryOf(symbol: string, entryDate: string, { instruments, calendar }: ExpiryLookup): number | null {
  const expiry = instruments.parseSymbol(symbol)?.expiry ?? instruments.parseFuture(symbol)?.expiry;
  return expiry === undefined ? null : tradingDaysToExpiry(entryDate, expiry, calendar);
}

function tally(nets: readonly Paise[]): Tally {
  const wins = nets.filter((n) => n > 0).length;
  return {
    pnl: toRupees(nets.reduce((a, b) => a + b, 0)),
    wins,
    losses: nets.filter((n) => n < 0).length,
    winRate: nets.length === 0 ? null : percent(wins, nets.length),
  };
}
