import { z } from 'zod';
import { addDays, weekdayOf } from '../time.ts';
import { weekdayIndex } from '../weekdays.ts';
import { isIsoDate } from './data-file.ts';
import { MarketError } from './market-error.ts';

const isoDate = z.string().refine(isIsoDate, 'must be a date "YYYY-MM-DD"');
const source = z.string().trim().min(1, 'say where the figure comes from (the circular and its date)');
export const expiryWeekdaySchema = z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI'], { error: 'must be MON, TUE, WED, THU or FRI' });

/**
 * An underlying's earlier contract rules, each keyed by the first expiry date it applies to (as NSE's lot
 * revisions are: "contracts expiring from … have the revised lot"). The figures at the top of the
 * underlying are the ones in force today; they take over from `sources.<figure>.effective`.
 */
export const contractHistorySchema = z
  .object({
    /** The first expiry date the rules cover: Legflow refuses an earlier one rather than guess its lot or day. */
    coversFrom: isoDate,
    /** Earlier lot sizes, oldest first, each until the next (the last until `sources.lotSize.effective`). */
    lotSizes: z
      .array(
        z
          .object({
            from: isoDate,
            /** Monthly contracts (and futures) took the lot only from this later expiry date, weeklies from `from`. */
            monthlyFrom: isoDate.optional(),
            lotSize: z.number().int().positive(),
            source,
          })
          .strict(),
      )
      .default([]),
    /** Earlier expiry rules, oldest first, each for the expiry days from `from` until the next. */
    expiries: z
      .array(
        z
          .object({
            from: isoDate,
            weekly: z.boolean(),
            weekday: expiryWeekdaySchema,
            /** The monthly's weekday when it differs from the weeklies' (weeklies then skip the monthly's week). */
            monthlyWeekday: expiryWeekdaySchema.optional(),
            /** Weeklies newly introduced: the first trade date they were listed (none are listed before it). */
            listedFrom: isoDate.optional(),
            source,
          })
          .strict(),
      )
      .default([]),
    /** What is not covered, and why. */
    note: z.string().optional(),
  })
  .strict();
export type ContractHistory = z.output<typeof contractHistorySchema>;

/** Checks that the periods run oldest first from `coversFrom` and hand over to today's figure at its `effective` date. */
export function checkHistory(history: ContractHistory, effective: { lotSize?: string | undefined; expiry?: string | undefined }, ctx: z.RefinementCtx): void {
  const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path: ['history', ...path], message });
  for (const [key, list, current] of [
    ['lotSizes', history.lotSizes, effective.lotSize],
    ['expiries', history.expiries, effective.expiry],
  ] as const) {
    const figure = key === 'lotSizes' ? 'lotSize' : 'expiry';
    if (list.length === 0) {
      if (current !== undefined && current > history.coversFrom)
        issue(['coversFrom'], `today's ${figure} applies from ${current}: list the earlier ones in history.${key}, or start coversFrom at ${current}`);
      continue;
    }
    if (list[0]!.from !== history.coversFrom) issue([key, 0, 'from'], `must be coversFrom (${history.coversFrom}): the first period starts the coverage`);
    list.forEach((p, i) => {
      const before = list[i - 1];
      if (before !== undefined && p.from <= before.from) issue([key, i, 'from'], `must be after the previous period's ${before.from}`);
    });
    const last = list[list.length - 1]!;
    if (current === undefined) issue([key], `give sources.${figure}.effective: the date today's ${figure} takes over from the last period here`);
    else if (current <= last.from)
      issue([key, list.length - 1, 'from'], `must be before sources.${figure}.effective (${current}), where today's ${figure} takes over`);
  }
  history.lotSizes.forEach((p, i) => {
    if (p.monthlyFrom !== undefined && p.monthlyFrom < p.from) issue(['lotSizes', i, 'monthlyFrom'], `must be on or after from (${p.from})`);
  });
}

interface LotPeriod {
  from: string;
  monthlyFrom: string;
  lotSize: number;
}

export interface ExpiryPeriod {
  from: string;
  weekly: boolean;
  /** 0 = Sunday, as `weekdayOf` counts. */
  weekday: number;
  monthlyWeekday: number;
  /** The first trade date its weeklies are listed ('' = listed as usual, ahead of their expiry). */
  listedFrom: string;
}

/** Today's figures and the history before them, as an underlying of the instrument file has them. */
export interface RulesSource {
  underlying: string;
  lotSize: number;
  expiry: { weekly: boolean; weekday: string };
  history?: ContractHistory | undefined;
  sources?: { lotSize?: { effective?: string | undefined } | undefined; expiry?: { effective?: string | undefined } | undefined } | undefined;
}

/**
 * One underlying's lot sizes and expiry calendar through time, before holiday moves. A rule applies to the
 * contracts expiring from its date; dates before `coversFrom` are refused. Without a history (a user's
 * file written before dated rules), today's figures apply to every date.
 */
export class ContractRules {
  readonly underlying: string;
  /** '' when the file gives no start: today's figures then apply to every date. */
  readonly coversFrom: string;
  private readonly lots: LotPeriod[];
  private readonly expiries: ExpiryPeriod[];
  private readonly monthlies = new Map<string, string | undefined>();

  constructor(u: RulesSource) {
    this.underlying = u.underlying;
    const h = u.history;
    this.coversFrom = h?.coversFrom ?? '';
    const lotFrom = h?.lotSizes.length ? u.sources!.lotSize!.effective! : this.coversFrom;
    const expiryFrom = h?.expiries.length ? u.sources!.expiry!.effective! : this.coversFrom;
    this.lots = [
      ...(h?.lotSizes ?? []).map((p) => ({ from: p.from, monthlyFrom: p.monthlyFrom ?? p.from, lotSize: p.lotSize })),
      { from: lotFrom, monthlyFrom: lotFrom, lotSize: u.lotSize },
    ];
    this.expiries = [
      ...(h?.expiries ?? []).map((p) => period(p.from, p.weekly, p.weekday, p.monthlyWeekday, p.listedFrom)),
      period(expiryFrom, u.expiry.weekly, u.expiry.weekday),
    ];
  }

  /** Refuses a date before the rules' coverage, saying what `what` is and where the data starts. */
  check(date: string, what: string): void {
    if (date >= this.coversFrom) return;
    throw new MarketError(
      'INSTRUMENT_NOT_COVERED',
      `The instrument file's ${this.underlying} contract rules (lot sizes, expiry days) start with the contracts expiring on ${this.coversFrom}; ` +
        `${what} ${date} is before them, so Legflow cannot tell its lot size or expiry days. Add the earlier rules, each with its circular, ` +
        `to the underlying's history in instruments.json.`,
      { underlying: this.underlying, date, coversFrom: this.coversFrom },
    );
  }

  /** The lot size of a contract expiring on `expiry`; `isMonthly` is asked only when the answer depends on it. */
  lotSize(expiry: string, isMonthly: () => boolean): number {
    this.check(expiry, 'a contract expiring');
    let i = lastStarted(this.lots, expiry);
    // A monthly that the revision reached later than the weeklies keeps the lot before it.
    while (i > 0 && expiry < this.lots[i]!.monthlyFrom && isMonthly()) i--;
    return this.lots[i]!.lotSize;
  }

  /** The expiry rule for expiry days from `date` (before holiday moves). */
  ruleAt(date: string): ExpiryPeriod {
    this.check(date, 'an expiry due on');
    return this.expiries[lastStarted(this.expiries, date)]!;
  }

  /** The month's last monthly weekday under the rule it falls in; undefined when that is before the coverage. */
  monthlyDue(month: string): string | undefined {
    if (this.monthlies.has(month)) return this.monthlies.get(month);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    let due: string | undefined;
    if (lastDay >= this.coversFrom) {
      // The rule of the month's end, or the one before it when the change came after that month's last expiry weekday.
      for (let i = lastStarted(this.expiries, lastDay); i >= 0; i--) {
        const rule = this.expiries[i]!;
        const candidate = addDays(lastDay, -((weekdayOf(lastDay) - rule.monthlyWeekday + 7) % 7));
        if (candidate >= rule.from) {
          due = candidate >= this.coversFrom ? candidate : undefined;
          break;
        }
      }
    }
    this.monthlies.set(month, due);
    return due;
  }

  /** True when an expiry falls due on `date` (before holiday moves): a weekly of its rule, or its month's monthly. */
  isDue(date: string): boolean {
    if (date < this.coversFrom) return false;
    const monthly = this.monthlyDue(date.slice(0, 7));
    if (date === monthly) return true;
    const rule = this.ruleAt(date);
    if (!rule.weekly || weekdayOf(date) !== rule.weekday) return false;
    // Weeklies on another weekday than the monthly skip the monthly's week (BANKNIFTY, Sep 2023 to Feb 2024).
    return monthly === undefined || rule.monthlyWeekday === rule.weekday || mondayOf(date) !== mondayOf(monthly);
  }

  /** False for a weekly of newly introduced weeklies asked about before they were listed (`today` an IST date). */
  isListedOn(due: string, today: string): boolean {
    if (due === this.monthlyDue(due.slice(0, 7))) return true;
    return today >= this.ruleAt(due).listedFrom;
  }
}

function period(from: string, weekly: boolean, weekday: string, monthlyWeekday = weekday, listedFrom = ''): ExpiryPeriod {
  return { from, weekly, weekday: weekdayIndex(weekday), monthlyWeekday: weekdayIndex(monthlyWeekday), listedFrom };
}

/** The index of the last period starting on or before `date` (periods oldest first, the first covering `date`). */
function lastStarted(list: ReadonlyArray<{ from: string }>, date: string): number {
  let i = 0;
  while (i + 1 < list.length && list[i + 1]!.from <= date) i++;
  return i;
}

function mondayOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}
