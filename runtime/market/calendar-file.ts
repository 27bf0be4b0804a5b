import { z } from 'zod';
import { HHMM_PATTERN, parseHhMm, weekdayOf } from '../time.ts';
import { isIsoDate } from './data-file.ts';

/**
 * The shape of a holidays file (the shipped runtime/data/holidays.json, or a user's $LEGFLOW_DATA/holidays.json
 * laid over it). Each exchange says which calendar years its list covers, and for each year where the list
 * comes from and whether the exchange has published it: a calendar that does not say how far it reaches
 * cannot refuse to guess past it.
 */
const hhmm = z.string().regex(HHMM_PATTERN, 'must be a time "HH:mm" (IST)');
const marketHoursSchema = z.object({ open: hhmm, close: hhmm }).refine((h) => parseHhMm(h.open) < parseHhMm(h.close), 'open must be before close');

export const DEFAULT_MARKET_HOURS = { open: '09:15', close: '15:30' } as const;

const holidaySchema = z.object({
  date: z.string().refine(isIsoDate, 'must be a date "YYYY-MM-DD"'),
  name: z.string().trim().min(1, 'give the holiday a name'),
});
export type Holiday = z.output<typeof holidaySchema>;

export const YEAR_STATUSES = ['published', 'provisional'] as const;
export type YearStatus = (typeof YEAR_STATUSES)[number];

const yearSchema = z.object({
  status: z.enum(YEAR_STATUSES, { error: 'must be "published" (the exchange\'s own list) or "provisional" (not published yet)' }),
  source: z.string().trim().min(1, "say where this year's list comes from (the circular's number and date)"),
  /** What is missing from a provisional year and how to complete it. */
  note: z.string().optional(),
});
export type YearEntry = z.output<typeof yearSchema>;

const exchangeSchema = z
  .object({
    /** Overrides the file's market hours for this exchange (e.g. a commodity exchange). */
    marketHours: marketHoursSchema.optional(),
    years: z
      .record(z.string().regex(/^\d{4}$/, 'a year is written "2027"'), yearSchema, {
        error: 'list the years the holidays cover, e.g. "years": {"2027": {"status": "published", "source": "NSE/FAOP/…"}}',
      })
      .refine((y) => Object.keys(y).length > 0, 'list at least one year, e.g. "2027": {"status": "published", "source": "NSE/FAOP/…"}'),
    holidays: z.array(holidaySchema),
  })
  .superRefine((ex, ctx) => {
    const years = Object.keys(ex.years)
      .map(Number)
      .sort((a, b) => a - b);
    for (let i = 1; i < years.length; i++) {
      const [prev, year] = [years[i - 1]!, years[i]!];
      if (year !== prev + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['years'],
          message: `covers ${prev} and ${year} but not ${prev + 1}: a missing year would count its holidays as trading days`,
        });
      }
    }
    const seen = new Set<string>();
    ex.holidays.forEach((h, i) => {
      if (!isIsoDate(h.date)) return;
      const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message });
      if (seen.has(h.date)) issue(`${h.date} is listed twice`);
      seen.add(h.date);
      const weekday = weekdayOf(h.date);
      if (weekday === 0 || weekday === 6) issue(`${h.date} is a ${weekday === 0 ? 'Sunday' : 'Saturday'}: weekends are always closed, leave it out`);
      const year = h.date.slice(0, 4);
      if (!(year in ex.years)) issue(`${h.date} is in ${year}, which "years" does not list: add ${year} with its source, or remove the date`);
    });
  });
export type ExchangeCalendar = z.output<typeof exchangeSchema>;

export const calendarFileSchema = z.object({
  $comment: z.string().optional(),
  /** Default hours of every exchange (09:15–15:30 IST when left out). */
  marketHours: marketHoursSchema.optional(),
  exchanges: z
    .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'exchange names are upper case, e.g. NSE'), exchangeSchema)
    .refine((r) => Object.keys(r).length > 0, 'list at least one exchange'),
});
export type CalendarFile = z.output<typeof calendarFileSchema>;

/** One covered year of one exchange, as the API and the CLI show it. */
export interface CoveredYear extends YearEntry {
  year: number;
  /** Weekday holidays listed for the year. */
  holidays: number;
}

/** How far one exchange's calendar reaches. */
export interface ExchangeCoverage {
  exchange: string;
  /** First and last covered dates, YYYY-MM-DD (1 Jan of the first year, 31 Dec of the last). */
  from: string;
  through: string;
  years: CoveredYear[];
  provisionalYears: number[];
}

export function exchangeCoverage(exchange: string, ex: ExchangeCalendar): ExchangeCoverage {
  const years = Object.entries(ex.years)
    .map(([year, entry]) => ({ year: Number(year), ...entry, holidays: ex.holidays.filter((h) => h.date.startsWith(year)).length }))
    .sort((a, b) => a.year - b.year);
  return {
    exchange,
    from: `${years[0]!.year}-01-01`,
    through: `${years[years.length - 1]!.year}-12-31`,
    years,
    provisionalYears: years.filter((y) => y.status === 'provisional').map((y) => y.year),
  };
}

/**
 * Lays `overlay` over `base`: each year an exchange lists in the overlay replaces that exchange's year in
 * the base (its status, source and every holiday in it); years and exchanges the overlay leaves out stay
 * as the base has them. So a user's file holds only what they loaded, and a newer release still brings the
 * years they did not load.
 */
export function mergeCalendars(base: CalendarFile, overlay: CalendarFile): CalendarFile {
  const exchanges: Record<string, ExchangeCalendar> = { ...base.exchanges };
  for (const [name, top] of Object.entries(overlay.exchanges)) {
    const under = exchanges[name];
    if (!under) {
      exchanges[name] = top;
      continue;
    }
    const replaced = (date: string) => date.slice(0, 4) in top.years;
    const marketHours = top.marketHours ?? under.marketHours;
    exchanges[name] = {
      ...(marketHours ? { marketHours } : {}),
      years: { ...under.years, ...top.years },
      holidays: [...under.holidays.filter((h) => !replaced(h.date)), ...top.holidays].sort((a, b) => a.date.localeCompare(b.date)),
    };
  }
  const marketHours = overlay.marketHours ?? base.marketHours;
  return { ...(base.$comment ? { $comment: base.$comment } : {}), ...(marketHours ? { marketHours } : {}), exchanges };
}
