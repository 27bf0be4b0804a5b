import type { CalendarPort } from '../context.ts';
import { DAY_MS, IST_OFFSET_MS, addDays, istParts, istToMs, parseHhMm, weekdayOf } from '../time.ts';
import bundledHolidays from '../data/holidays.json' with { type: 'json' };
import { DEFAULT_MARKET_HOURS, calendarFileSchema, exchangeCoverage, type CalendarFile, type ExchangeCoverage, type Holiday } from './calendar-file.ts';
import { isIsoDate, loadDataFile, parseDataFile } from './data-file.ts';
import { MarketError } from './market-error.ts';

export const DEFAULT_EXCHANGE = 'NSE';
/** Longer than any run of holidays plus weekends; past it the data must be wrong (every day a holiday). */
const MAX_SEARCH_DAYS = 31;
const MINUTE_MS = 60_000;

interface ExchangeDays {
  openMinute: number;
  closeMinute: number;
  holidays: Map<string, string>;
  coverage: ExchangeCoverage;
  /** date → trading day?, memoised: a backtest asks about the same few dates at every tick. */
  trading: Map<string, boolean>;
}

/**
 * Exchange trading days and hours (IST), from a data file the user can update. Weekends are closed; a
 * weekday of a covered year that is not a listed holiday is a trading day. Outside the covered years the
 * calendar does not know the holidays, so it refuses to answer (CALENDAR_NOT_COVERED) rather than guess;
 * inside a provisional year it answers, and `isProvisional` lets a caller warn.
 */
export class TradingCalendar implements CalendarPort {
  readonly exchanges: readonly string[];
  private readonly byExchange: Map<string, ExchangeDays>;

  /** @param file the holidays and hours it answers from, kept as plain data (a backtest thread is handed it). */
  constructor(readonly file: CalendarFile) {
    this.byExchange = new Map(
      Object.entries(file.exchanges).map(([name, ex]) => {
        const hours = ex.marketHours ?? file.marketHours ?? DEFAULT_MARKET_HOURS;
        const days: ExchangeDays = {
          openMinute: parseHhMm(hours.open),
          closeMinute: parseHhMm(hours.close),
          holidays: new Map(ex.holidays.map((h) => [h.date, h.name])),
          coverage: exchangeCoverage(name, ex),
          trading: new Map(),
        };
        return [name, days];
      }),
    );
    this.exchanges = [...this.byExchange.keys()];
  }

  /** The bundled NSE/BSE calendar (runtime/data/holidays.json). */
  static default(): TradingCalendar {
    return new TradingCalendar(bundledCalendarFile());
  }

  static fromData(data: unknown, source = 'calendar data'): TradingCalendar {
    return new TradingCalendar(parseDataFile(calendarFileSchema, data, source));
  }

  static fromFile(path: string): TradingCalendar {
    return new TradingCalendar(loadDataFile(calendarFileSchema, path));
  }

  /** Which years the exchange's holidays cover, and which of them are provisional. */
  coverage(exchange = DEFAULT_EXCHANGE): ExchangeCoverage {
    return this.days(exchange).coverage;
  }

  /** The last date the exchange's calendar knows (31 Dec of its last covered year). */
  coversThrough(exchange = DEFAULT_EXCHANGE): string {
    return this.coverage(exchange).through;
  }

  provisionalYears(exchange = DEFAULT_EXCHANGE): number[] {
    return this.coverage(exchange).provisionalYears;
  }

  /** True when `date` falls in a year the calendar covers. */
  covers(date: string, exchange = DEFAULT_EXCHANGE): boolean {
    const { from, through } = this.coverage(exchange);
    return checkDate(date) >= from && date <= through;
  }

  /** True when `date` falls in a covered year whose list the exchange has not published yet. */
  isProvisional(date: string, exchange = DEFAULT_EXCHANGE): boolean {
    return this.coverage(exchange).provisionalYears.includes(Number(checkDate(date).slice(0, 4)));
  }

  /** Every listed holiday of the exchange, oldest first. */
  holidays(exchange = DEFAULT_EXCHANGE): Holiday[] {
    return [...this.days(exchange).holidays].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
  }

  /** The holiday's name, or undefined when the date is not an exchange holiday (weekends are not listed). */
  holidayName(date: string, exchange = DEFAULT_EXCHANGE): string | undefined {
    return this.covered(date, exchange).holidays.get(date);
  }

  isTradingDay(date: string, exchange = DEFAULT_EXCHANGE): boolean {
    const days = this.days(exchange);
    let open = days.trading.get(date);
    if (open === undefined) {
      this.covered(date, exchange);
      const wd = weekdayOf(date);
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
    return ms >= midnight + d.openMinute * MINUTE_MS && ms < midnight + d.closeMinute * MINUTE_MS && this.isTradingDay(istParts(ms).date, exchange);
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
    throw new MarketError('INVALID_DATA', `No ${exchange} trading day within ${MAX_SEARCH_DAYS} days of ${date}; check the holiday file.`, { date, exchange });
  }

  /** The exchange's days, once `date` is known to be inside its coverage; CALENDAR_NOT_COVERED otherwise. */
  private covered(date: string, exchange: string): ExchangeDays {
    const days = this.days(exchange);
    if (this.covers(date, exchange)) return days;
    const { from, through } = days.coverage;
    const [edge, which] = date > through ? [through, 'last'] : [from, 'first'];
    const year = date.slice(0, 4);
    throw new MarketError(
      'CALENDAR_NOT_COVERED',
      `The ${exchange} holiday calendar covers ${from} to ${through}; ${date} is beyond its ${which} covered date (${edge}), ` +
        `so Legflow cannot tell whether it is a trading day. Load ${exchange}'s ${year} holiday list: ` +
        `legflow calendar load <file> --exchange ${exchange} --year ${year} (it writes $LEGFLOW_DATA/holidays.json; see docs/calendar.md), then restart the server.`,
      { exchange, date, coversFrom: from, coversThrough: through },
    );
  }

  private days(exchange: string): ExchangeDays {
    const days = this.byExchange.get(exchange);
    if (!days) {
      throw new MarketError(
        'UNKNOWN_EXCHANGE',
        `Exchange "${exchange}" is not in the holiday calendar (known: ${this.exchanges.join(', ')}); ` + 'add it to the holidays file.',
        { exchange },
      );
    }
    return days;
  }
}

/** The shipped holidays file, parsed: what a user's file is laid over. */
export function bundledCalendarFile(): CalendarFile {
  return parseDataFile(calendarFileSchema, bundledHolidays, 'bundled holidays.json');
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
