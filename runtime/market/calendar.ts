import { z } from 'zod';
import type { CalendarPort } from '../context.ts';
import { DAY_MS, HHMM_PATTERN, IST_OFFSET_MS, addDays, istParts, istToMs, parseHhMm, weekdayOf } from '../time.ts';
import bundledHolidays from '../data/holidays.json' with { type: 'json' };
import { isIsoDate, loadDataFile, parseDataFile } from './data-file.ts';
import { MarketError } from './market-error.ts';

const hhmm = z.string().regex(HHMM_PATTERN, 'must be a time "HH:mm" (IST)');
const marketHoursSchema = z
  .object({ open: hhmm, close: hhmm })
  .refine((h) => parseHhMm(h.open) < parseHhMm(h.close), 'open must be before close');

const holidaySchema = z.object({
  date: z.string().refine(isIsoDate, 'must be a date "YYYY-MM-DD"'),
  name: z.string().trim().min(1, 'give the holiday a name'),
});

const exchangeSchema = z.object({
  /** Overrides the file's market hours for this exchange (e.g. a commodity exchange). */
  marketHours: marketHoursSchema.optional(),
  holidays: z.array(holidaySchema).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((h, i) => {
      if (seen.has(h.date)) ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `${h.date} is listed twice` });
      seen.add(h.date);
    });
  }),
});

export const calendarFileSchema = z.object({
  $comment: z.string().optional(),
  marketHours: marketHoursSchema,
  exchanges: z
    .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'exchange names are upper case, e.g. NSE'), exchangeSchema)
    .refine((r) => Object.keys(r).length > 0, 'list at least one exchange'),
});
export type CalendarFile = z.output<typeof calendarFileSchema>;

export const DEFAULT_EXCHANGE = 'NSE';
/** Longer than any run of holidays plus weekends; past it the data must be wrong (every day a holiday). */
const MAX_SEARCH_DAYS = 31;
const MINUTE_MS = 60_000;

interface ExchangeDays {
  openMinute: number;
  closeMinute: number;
  holidays: Map<string, string>;
  /** date → trading day?, memoised: a backtest asks about the same few dates at every tick. */
  trading: Map<string, boolean>;
}

/**
 * Exchange trading days and hours (IST), from a data file the user can edit. Weekends are closed; a date
 * missing from the holiday list is a trading day, so the file must cover the years being traded.
 */
export class TradingCalendar implements CalendarPort {
  readonly exchanges: readonly string[];
  private readonly byExchange: Map<string, ExchangeDays>;

  constructor(file: CalendarFile) {
    this.byExchange = new Map(
      Object.entries(file.exchanges).map(([name, ex]) => {
        const hours = ex.marketHours ?? file.marketHours;
        const days: ExchangeDays = {
          openMinute: parseHhMm(hours.open),
          closeMinute: parseHhMm(hours.close),
          holidays: new Map(ex.holidays.map((h) => [h.date, h.name])),
          trading: new Map(),
        };
        return [name, days];
      }),
    );
    this.exchanges = [...this.byExchange.keys()];
  }

  /** The bundled NSE/BSE calendar (runtime/data/holidays.json). */
  static default(): TradingCalendar {
    return TradingCalendar.fromData(bundledHolidays, 'bundled holidays.json');
  }

  static fromData(data: unknown, source = 'calendar data'): TradingCalendar {
    return new TradingCalendar(parseDataFile(calendarFileSchema, data, source));
  }

  static fromFile(path: string): TradingCalendar {
    return new TradingCalendar(loadDataFile(calendarFileSchema, path));
  }

  /** The holiday's name, or undefined when the date is not an exchange holiday (weekends are not listed). */
  holidayName(date: string, exchange = DEFAULT_EXCHANGE): string | undefined {
    return this.days(exchange).holidays.get(checkDate(date));
  }

  isTradingDay(date: string, exchange = DEFAULT_EXCHANGE): boolean {
    const days = this.days(exchange);
    let open = days.trading.get(date);
    if (open === undefined) {
      const wd = weekdayOf(checkDate(date));
      open = wd !== 0 && wd !== 6 && !days.holidays.has(date);
      days.trading.set(date, open);
    }
    return open;
  }

  nextTradingDay(date: string, exchange = DEFAULT_EXCHANGE): string {
    return this.search(date, 1, exchange);
  }

  previousTradingDay(date: string, exchange = DEFAULT_EXCHANGE): string {
    return this.search(date, -1, exchange);
  }

  /** Epoch ms at which the session opens on `date` (whether or not it is a trading day). */
  sessionOpenMs(date: string, exchange = DEFAULT_EXCHANGE): number {
    return istToMs(checkDate(date)) + this.days(exchange).openMinute * MINUTE_MS;
  }

  /** Epoch ms at which the session closes on `date` (15:30 IST by default). */
  sessionCloseMs(date: string, exchange = DEFAULT_EXCHANGE): number {
    return istToMs(checkDate(date)) + this.days(exchange).closeMinute * MINUTE_MS;
  }

  /** True from the open (inclusive) to the close (exclusive) of a trading day. */
  isMarketOpen(ms: number, exchange = DEFAULT_EXCHANGE): boolean {
    const d = this.days(exchange);
    const midnight = istMidnight(ms);
    return (
      ms >= midnight + d.openMinute * MINUTE_MS &&
      ms < midnight + d.closeMinute * MINUTE_MS &&
      this.isTradingDay(istParts(ms).date, exchange)
    );
  }

  /** The first instant at or after `ms` when the market is open (`ms` itself while it is open). */
  nextOpenMs(ms: number, exchange = DEFAULT_EXCHANGE): number {
    if (this.isMarketOpen(ms, exchange)) return ms;
    const today = istParts(ms).date;
    if (this.isTradingDay(today, exchange) && ms < this.sessionOpenMs(today, exchange)) {
      return this.sessionOpenMs(today, exchange);
    }
    return this.sessionOpenMs(this.nextTradingDay(addDays(today, 1), exchange), exchange);
  }

  /** Milliseconds of open market inside [fromMs, toMs): what a random walk in trading time advances by. */
  tradingMsBetween(fromMs: number, toMs: number, exchange = DEFAULT_EXCHANGE): number {
    const d = this.days(exchange);
    let total = 0;
    // Runs at every tick of a backtest, so it works in ms and only names a date when a session overlaps.
    for (let midnight = istMidnight(fromMs); midnight < toMs; midnight += DAY_MS) {
      const start = Math.max(fromMs, midnight + d.openMinute * MINUTE_MS);
      const end = Math.min(toMs, midnight + d.closeMinute * MINUTE_MS);
      if (end > start && this.isTradingDay(istParts(midnight).date, exchange)) total += end - start;
    }
    return total;
  }

  /** Length of one session in ms, used to turn trading time into years. */
  sessionMs(exchange = DEFAULT_EXCHANGE): number {
    const d = this.days(exchange);
    return (d.closeMinute - d.openMinute) * MINUTE_MS;
  }

  private search(date: string, step: 1 | -1, exchange: string): string {
    let d = checkDate(date);
    for (let i = 0; i <= MAX_SEARCH_DAYS; i++, d = addDays(d, step)) {
      if (this.isTradingDay(d, exchange)) return d;
    }
    throw new MarketError(
      'INVALID_DATA',
      `No ${exchange} trading day within ${MAX_SEARCH_DAYS} days of ${date}; check the holiday file.`,
      { date, exchange },
    );
  }

  private days(exchange: string): ExchangeDays {
    const days = this.byExchange.get(exchange);
    if (!days) {
      throw new MarketError(
        'UNKNOWN_EXCHANGE',
        `Exchange "${exchange}" is not in the holiday calendar (known: ${this.exchanges.join(', ')}); ` +
          'add it to the holidays file.',
        { exchange },
      );
    }
    return days;
  }
}

/** Epoch ms of the IST midnight that starts the day containing `ms`. */
function istMidnight(ms: number): number {
  return Math.floor((ms + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
}

function checkDate(date: string): string {
  if (!isIsoDate(date)) {
    throw new MarketError('INVALID_ARGUMENT', `"${date}" is not a date; use YYYY-MM-DD.`, { date });
  }
  return date;
}
