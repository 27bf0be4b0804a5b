import { z } from 'zod';
import type { CalendarPort, ExpiryRule, InstrumentSpec, InstrumentsPort } from '../context.ts';
import type { OptionType } from '../message.ts';
import { HHMM_PATTERN, addDays, istParts, istToMs } from '../time.ts';
import { WEEKDAY_NAMES, weekdayIndex } from '../weekdays.ts';
import bundledInstruments from '../data/instruments.json' with { type: 'json' };
import { isIsoDate, loadDataFile, parseDataFile } from './data-file.ts';
import { MarketError } from './market-error.ts';
import { formatFutureSymbol, formatOptionSymbol, parseFutureSymbol, parseOptionSymbol } from './option-symbol.ts';
import type { ParsedFutureSymbol, ParsedSymbol } from './option-symbol.ts';
import { atmStrike, strikeByOffset } from './strikes.ts';
import { ContractRules, checkHistory, contractHistorySchema, expiryWeekdaySchema } from './contract-rules.ts';

/** Where one figure comes from (an exchange circular) and the date it took effect, so a user can check and update it. */
const figureSource = z.object({
  source: z.string().trim().min(1, 'say where the figure comes from (the circular and its date)'),
  effective: z.string().refine(isIsoDate, 'must be a date "YYYY-MM-DD"').optional(),
});

const underlyingSchema = z
  .object({
    underlying: z.string().regex(/^[A-Z][A-Z0-9]*$/, 'must be upper-case letters and digits, e.g. NIFTY'),
    exchange: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case exchange name, e.g. NSE'),
    lotSize: z.number().int().positive(),
    strikeStep: z.number().positive(),
    freezeQty: z.number().int().positive(),
    tickSize: z.number().positive().default(0.05),
    expiry: z.object({ weekly: z.boolean(), weekday: expiryWeekdaySchema }),
    /** Index futures: how many monthly contracts trade at once (near, next, far: 3 on NSE and BSE); 0 = none. */
    futureMonths: z.number().int().min(0).max(12).default(3),
    /** Documentation of the figures above; not used by the engine. */
    sources: z
      .object({
        lotSize: figureSource,
        strikeStep: figureSource,
        freezeQty: figureSource,
        tickSize: figureSource,
        expiry: figureSource,
        futureMonths: figureSource,
      })
      .partial()
      .strict()
      .optional(),
    /** The rules before today's (lot sizes, expiry days), and the first expiry date they cover. */
    history: contractHistorySchema.optional(),
  })
  .superRefine((u, ctx) => {
    if (u.history) checkHistory(u.history, { lotSize: u.sources?.lotSize?.effective, expiry: u.sources?.expiry?.effective }, ctx);
  });

export const instrumentsFileSchema = z.object({
  $comment: z.string().optional(),
  /** IST time at which an expiring contract stops trading and expires. */
  expiryTime: z.string().regex(HHMM_PATTERN, 'must be a time "HH:mm" (IST)').default('15:30'),
  underlyings: z
    .array(underlyingSchema)
    .min(1, 'list at least one underlying')
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((u, i) => {
        if (seen.has(u.underlying)) {
          ctx.addIssue({ code: 'custom', path: [i, 'underlying'], message: `${u.underlying} is listed twice` });
        }
        seen.add(u.underlying);
      });
    }),
});
export type InstrumentsFile = z.output<typeof instrumentsFileSchema>;

/**
 * Index option contracts as data: lot sizes, strike steps and expiry calendars from a file the user can
 * edit, expiries adjusted by the exchange calendar. All dates are IST `YYYY-MM-DD`.
 *
 * Monthly-only underlyings (BANKNIFTY, …) have no weekly contracts, so `current-week` / `next-week` pick the
 * nearest / second-nearest monthly expiry: "the nearest contract" is what a week rule means to its user.
 *
 * Lot sizes and expiry days change over the years (runtime/market/contract-rules.ts): a contract takes the
 * lot and the expiry rule of its own expiry date, and `get()` gives today's.
 */
export class Instruments implements InstrumentsPort {
  private readonly specs: Map<string, InstrumentSpec>;
  private readonly rules: Map<string, ContractRules>;
  private readonly futureMonths: Map<string, number>;
  private readonly expiryTime: string;
  private readonly expiryCache = new Map<string, { from: number; until: number; value: string }>();
  /** date → the due date (before its holiday move) of the expiry that lands on it, '' when none does. */
  private readonly expiryDates = new Map<string, string>();

  constructor(
    file: InstrumentsFile,
    private readonly calendar: CalendarPort,
  ) {
    this.expiryTime = file.expiryTime;
    this.futureMonths = new Map(file.underlyings.map((u) => [u.underlying, u.futureMonths]));
    this.rules = new Map(file.underlyings.map((u) => [u.underlying, new ContractRules(u)]));
    this.specs = new Map(
      file.underlyings.map((u) => {
        const expiry = Object.freeze({ weekly: u.expiry.weekly, weekday: weekdayIndex(u.expiry.weekday) });
        // Frozen: every caller shares these specs, and a lot size changed in place would change them all.
        const { futureMonths: _futures, sources: _sources, history: _history, ...option } = u;
        return [u.underlying, Object.freeze({ ...option, expiry })];
      }),
    );
  }

  /** The bundled NSE/BSE index options (runtime/data/instruments.json). */
  static default(calendar: CalendarPort): Instruments {
    return Instruments.fromData(bundledInstruments, calendar, 'bundled instruments.json');
  }

  static fromData(data: unknown, calendar: CalendarPort, source = 'instrument data'): Instruments {
    return new Instruments(parseDataFile(instrumentsFileSchema, data, source), calendar);
  }

  static fromFile(path: string, calendar: CalendarPort): Instruments {
    return new Instruments(loadDataFile(instrumentsFileSchema, path), calendar);
  }

  underlyings(): string[] {
    return [...this.specs.keys()];
  }

  has(underlying: string): boolean {
    return this.specs.has(underlying);
  }

  get(underlying: string): InstrumentSpec {
    const spec = this.specs.get(underlying);
    if (!spec) {
      throw new MarketError('UNKNOWN_UNDERLYING', `Underlying "${underlying}" is not in the instrument file. Known: ${this.underlyings().join(', ')}.`, {
        underlying,
      });
    }
    return spec;
  }

  /** The lot size of the contract expiring on `expiry`; without one, today's. */
  lotSize(underlying: string, expiry?: string): number {
    const spec = this.get(underlying);
    if (expiry === undefined) return spec.lotSize;
    return this.rulesOf(underlying).lotSize(checkDate(expiry), () => this.monthlyExpiry(underlying, expiry.slice(0, 7)) === expiry);
  }

  /** Quantity in units for a whole number of lots (of the contract expiring on `expiry`; without one, today's lot). */
  qtyForLots(underlying: string, lots: number, expiry?: string): number {
    if (!Number.isInteger(lots) || lots <= 0) {
      throw new MarketError('INVALID_ARGUMENT', `Lots must be a whole number of at least 1; got ${lots}.`, { lots });
    }
    return lots * this.lotSize(underlying, expiry);
  }

  /** The instant a contract expiring on `expiry` stops trading (15:30 IST by default). */
  expiryMs(expiry: string): number {
    return istToMs(expiry, this.expiryTime);
  }

  /** True when `date` is one of the underlying's expiry dates (past or future), after holiday moves. */
  isExpiryDate(underlying: string, date: string): boolean {
    return isIsoDate(date) && this.dueOf(underlying, date) !== '';
  }

  /** Listed at `now`: an expiry date whose expiry instant is still ahead (and, for weeklies newly introduced, already listed). */
  isListed(underlying: string, date: string, now: number): boolean {
    // An expiry already past is not listed, whatever the calendar knows of its year.
    if (!(now < this.expiryMs(date) && this.isExpiryDate(underlying, date))) return false;
    return this.rulesOf(underlying).isListedOn(this.dueOf(underlying, date), istParts(now).date);
  }

  /** The monthly expiry of `month` ("YYYY-MM"): its last expiry weekday (of that month's rule), moved back off a holiday. */
  monthlyExpiry(underlying: string, month: string): string {
    const spec = this.get(underlying);
    const rules = this.rulesOf(underlying);
    const due = rules.monthlyDue(month);
    if (due === undefined) rules.check(`${month}-01`, 'the monthly expiry of the month starting');
    return this.adjust(spec, due!);
  }

  /** The next `count` listed expiries at `now`, nearest first (weekly or monthly as the underlying traded then). */
  listExpiries(underlying: string, now: number, count = 6): string[] {
    return take(this.upcoming(underlying, now, true), count);
  }

  resolveExpiry(underlying: string, rule: ExpiryRule, now: number): string {
    if (rule.kind === 'date') return this.checkListed(underlying, rule.date, now);
    // Every entry resolves its expiry; the answer only changes when the nearest expiry passes, so it is
    // kept until then (and recomputed for an earlier `now`, as a backtest restarting its clock would ask).
    const nth = rule.kind === 'nth-week' ? rule.n : rule.kind === 'next-week' || rule.kind === 'next-month' ? 2 : 1;
    if (!Number.isInteger(nth) || nth < 1 || nth > 8) {
      throw new MarketError('INVALID_ARGUMENT', `The n-th weekly expiry counts 1 (the current one) to 8; got ${nth}.`, { n: nth });
    }
    const key = `${underlying}|${rule.kind}|${nth}|${rule.roll === true}`;
    const hit = this.expiryCache.get(key);
    if (hit !== undefined && now >= hit.from && now < hit.until) return hit.value;
    const weekly = rule.kind !== 'current-month' && rule.kind !== 'next-month';
    // Only as many expiries as the answer needs (one more to roll past today's): each one asks the calendar,
    // which refuses past its coverage.
    const upcoming = take(this.upcoming(underlying, now, weekly), rule.roll === true ? nth + 1 : nth);
    // On its expiry day the nearest expiry is 0-DTE; rolling skips it.
    const skip = rule.roll === true && upcoming[0] === istParts(now).date ? 1 : 0;
    const value = upcoming[nth - 1 + skip] as string;
    this.expiryCache.set(key, { from: now, until: this.expiryMs(upcoming[0] as string), value });
    return value;
  }

  /** The listed strike nearest `spot`; a spot exactly between two strikes goes to the higher one. */
  atmStrike(underlying: string, spot: number): number {
    return atmStrike(this.get(underlying).strikeStep, spot);
  }

  strikeByOffset(underlying: string, spot: number, optionType: OptionType, offset: number): number {
    return strikeByOffset(underlying, this.get(underlying).strikeStep, spot, optionType, offset);
  }

  /** True for a positive multiple of the underlying's strike step. */
  isStrike(underlying: string, strike: number): boolean {
    return strike > 0 && isMultiple(strike, this.get(underlying).strikeStep);
  }

  /** OpenAlgo-style symbol: NIFTY + 01DEC26 + 26000 + CE. */
  optionSymbol(underlying: string, expiry: string, strike: number, optionType: OptionType): string {
    const spec = this.get(underlying);
    if (!this.isExpiryDate(underlying, expiry)) throw this.notAnExpiry(underlying, expiry);
    if (!this.isStrike(underlying, strike)) {
      throw new MarketError('INVALID_ARGUMENT', `${strike} is not a ${underlying} strike; strikes are multiples of ${spec.strikeStep}.`, {
        underlying,
        strike,
      });
    }
    return formatOptionSymbol(underlying, expiry, strike, optionType);
  }

  /** Reads an option symbol back (shape only; `isListed` tells whether it trades). */
  parseSymbol(symbol: string): ParsedSymbol | undefined {
    return parseOptionSymbol(symbol, this.underlyings());
  }

  /**
   * The index futures trading at `now`, nearest first: the next `futureMonths` monthly expiries (a future
   * expires with the month's options, on the last expiry weekday, moved back off a holiday).
   */
  futureExpiries(underlying: string, now: number): string[] {
    this.get(underlying);
    this.rulesOf(underlying).check(istParts(now).date, 'the trade date');
    return take(this.upcomingMonthly(underlying, now), this.futureMonths.get(underlying) ?? 0);
  }

  isFutureListed(underlying: string, expiry: string, now: number): boolean {
    // Walks only up to `expiry`: a near-month future is known to be listed even when the far month falls
    // past the calendar's coverage.
    this.get(underlying);
    this.rulesOf(underlying).check(istParts(now).date, 'the trade date');
    const months = this.futureMonths.get(underlying) ?? 0;
    let listed = 0;
    for (const date of this.upcomingMonthly(underlying, now)) {
      if (listed++ >= months || date > expiry) return false;
      if (date === expiry) return true;
    }
    return false;
  }

  /** OpenAlgo-style futures symbol: NIFTY + 29DEC26 + FUT. The expiry must be a monthly expiry. */
  futureSymbol(underlying: string, expiry: string): string {
    if (this.futureMonths.get(underlying) === 0) {
      throw new MarketError('INVALID_ARGUMENT', `${underlying} has no futures in the instrument file (futureMonths is 0).`, { underlying });
    }
    if (!(isIsoDate(expiry) && this.monthlyExpiry(underlying, expiry.slice(0, 7)) === expiry)) {
      const day = WEEKDAY_NAMES[isIsoDate(expiry) ? this.rulesOf(underlying).ruleAt(expiry).monthlyWeekday : this.get(underlying).expiry.weekday];
      throw new MarketError(
        'EXPIRY_NOT_LISTED',
        `${expiry} is not a ${underlying} futures expiry: futures expire monthly, on the last ${day} (the previous trading day when that is a holiday).`,
        { underlying, expiry },
      );
    }
    return formatFutureSymbol(underlying, expiry);
  }

  /** Reads a futures symbol back (shape only; `isFutureListed` tells whether it trades). */
  parseFuture(symbol: string): ParsedFutureSymbol | undefined {
    return parseFutureSymbol(symbol, this.underlyings());
  }

  private checkListed(underlying: string, date: string, now: number): string {
    if (!this.isExpiryDate(underlying, date)) throw this.notAnExpiry(underlying, date, now);
    if (now >= this.expiryMs(date)) {
      throw new MarketError('EXPIRY_NOT_LISTED', `The ${underlying} ${date} expiry has already expired; choose a later date or a relative expiry.`, {
        underlying,
        date,
      });
    }
    if (!this.isListed(underlying, date, now)) {
      throw new MarketError('EXPIRY_NOT_LISTED', `The ${underlying} ${date} weekly was not listed yet on ${istParts(now).date}; choose a listed expiry.`, {
        underlying,
        date,
      });
    }
    return date;
  }

  private notAnExpiry(underlying: string, date: string, now?: number): MarketError {
    // The rule of the date asked about: a 2019 date is judged by 2019's rule.
    const rule = isIsoDate(date) ? this.rulesOf(underlying).ruleAt(date) : undefined;
    const day = WEEKDAY_NAMES[rule?.weekday ?? this.get(underlying).expiry.weekday];
    const weekly = rule?.weekly ?? this.get(underlying).expiry.weekly;
    const when = weekly ? `every ${day}` : `on the last ${day} of each month`;
    const next = now === undefined ? '' : ` Next expiries: ${this.listExpiries(underlying, now, 3).join(', ')}.`;
    return new MarketError(
      'EXPIRY_NOT_LISTED',
      `${date} is not a ${underlying} expiry: ${underlying} expires ${when}, ` + `on the previous trading day when that is a holiday.${next}`,
      { underlying, date },
    );
  }

  /** Expiries listed and not yet past at `now`, nearest first: every one (weekly and monthly), or the monthly ones only. */
  private upcoming(underlying: string, now: number, all: boolean): Generator<string> {
    this.rulesOf(underlying).check(istParts(now).date, 'the trade date');
    return all ? this.upcomingAll(underlying, now) : this.upcomingMonthly(underlying, now);
  }

  private *upcomingAll(underlying: string, now: number): Generator<string> {
    const spec = this.get(underlying);
    const rules = this.rulesOf(underlying);
    const today = istParts(now).date;
    let last = '';
    // A holiday only moves an expiry earlier, so no due date before today can land on or after today.
    for (let due = today; ; due = addDays(due, 1)) {
      if (!rules.isDue(due) || !rules.isListedOn(due, today)) continue;
      const date = this.adjust(spec, due);
      if (date !== last && now < this.expiryMs(date)) yield date;
      last = date;
    }
  }

  private *upcomingMonthly(underlying: string, now: number): Generator<string> {
    const rules = this.rulesOf(underlying);
    for (let month = istParts(now).date.slice(0, 7); ; month = nextMonth(month)) {
      // A month whose monthly falls before the coverage is before today too (today is covered): it has expired.
      if (rules.monthlyDue(month) === undefined) continue;
      const date = this.monthlyExpiry(underlying, month);
      if (now < this.expiryMs(date)) yield date;
    }
  }

  /** The due date of the expiry that lands on `date` after its holiday move, '' when none does. */
  private dueOf(underlying: string, date: string): string {
    // A fixed fact for a loaded calendar, asked for every symbol built or priced: worth remembering.
    const key = `${underlying}|${date}`;
    let due = this.expiryDates.get(key);
    if (due === undefined) {
      const rules = this.rulesOf(underlying);
      rules.check(date, 'an expiry date');
      // A holiday only moves an expiry earlier, so the first expiry due on or after `date` is the only one that can land on it.
      let next = date;
      for (let i = 0; i < 45 && !rules.isDue(next); i++) next = addDays(next, 1);
      due = rules.isDue(next) && this.adjust(this.get(underlying), next) === date ? next : '';
      if (this.expiryDates.size < 10_000) this.expiryDates.set(key, due);
    }
    return due;
  }

  private rulesOf(underlying: string): ContractRules {
    this.get(underlying);
    return this.rules.get(underlying)!;
  }

  /** Moves an expiry off a holiday; past the calendar's coverage it refuses, saying which expiry it could not place. */
  private adjust(spec: InstrumentSpec, date: string): string {
    try {
      return this.calendar.previousTradingDay(date, spec.exchange);
    } catch (err) {
      if (!(err instanceof MarketError && err.code === 'CALENDAR_NOT_COVERED')) throw err;
      throw new MarketError('CALENDAR_NOT_COVERED', `Cannot place the ${spec.underlying} expiry due on ${date}: ${err.message}`, {
        ...err.details,
        underlying: spec.underlying,
      });
    }
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${m < 9 ? '0' : ''}${m + 1}`;
}

/** The first `count` values, pulling no more than that: each value may ask the calendar, which refuses past its coverage. */
function take(gen: Generator<string>, count: number): string[] {
  const out: string[] = [];
  if (count <= 0) return out;
  for (const d of gen) {
    out.push(d);
    if (out.length >= count) break;
  }
  return out;
}

function checkDate(date: string): string {
  if (!isIsoDate(date)) throw new MarketError('INVALID_ARGUMENT', `"${date}" is not a date; use YYYY-MM-DD.`, { date });
  return date;
}

function isMultiple(x: number, step: number): boolean {
  const k = x / step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}
