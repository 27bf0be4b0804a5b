import { z } from 'zod';
import { MarketError } from '../../runtime/market/market-error.ts';
import type { RunRecord } from '../../runtime/trace.ts';
import { HHMM_PATTERN, istParts, parseHhMm } from '../../runtime/time.ts';
import { WEEKDAY_NAMES, formatWeekdays, weekdayListSchema, weekdayNumbers } from '../../runtime/weekdays.ts';

const hhmm = z.string().regex(HHMM_PATTERN, 'use a 24-hour IST time such as 09:20');

/**
 * When a deployment takes signals: on these weekdays, when the exchange trades, from `start` to `stop`
 * (IST). Outside it a signal is journaled and its run recorded as skipped; the deployment itself keeps
 * running (open positions keep their stops and square-off), so nothing starts or stops by the clock.
 */
export const scheduleSchema = z
  .object({
    days: weekdayListSchema('Weekdays it takes signals on; exchange holidays are always skipped'),
    start: hhmm.describe('From this time of day, IST (inclusive), e.g. 09:20'),
    stop: hhmm.describe('Until this time of day, IST (exclusive), e.g. 15:00'),
    exchange: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'an exchange such as NSE or BSE')
      .default('NSE')
      .describe('Whose holidays close the schedule (NSE, BSE)'),
  })
  .strict()
  .refine((s) => parseHhMm(s.start) < parseHhMm(s.stop), { message: 'start must be before stop (the same day, IST)', path: ['stop'] });
export type Schedule = z.output<typeof scheduleSchema>;

/** What the gate needs of the exchange calendar. */
export interface ScheduleCalendar {
  readonly exchanges: readonly string[];
  isTradingDay(date: string, exchange?: string): boolean;
  holidayName(date: string, exchange?: string): string | undefined;
}

/** A schedule as the database holds it (JSON text, or null for none), parsed where it is read. */
export function storedSchedule(text: string | null | undefined): Schedule | null {
  return text ? scheduleSchema.parse(JSON.parse(text)) : null;
}

/** "Mon–Fri 09:20–15:00 IST (NSE trading days)": for reasons and the API. */
export function describeSchedule(s: Schedule): string {
  return `${formatWeekdays(s.days)} ${s.start}–${s.stop} IST (${s.exchange} trading days)`;
}

/** Why a signal arriving at `ms` falls outside the schedule, or null when the schedule takes it. */
export function outsideSchedule(s: Schedule, ms: number, calendar: ScheduleCalendar): string | null {
  const at = istParts(ms);
  const why = (what: string) => `outside the deployment's schedule, ${describeSchedule(s)}: ${what}`;
  if (!weekdayNumbers(s.days).has(at.weekday)) return why(`${at.date} is a ${WEEKDAY_NAMES[at.weekday]}`);
  try {
    const holiday = calendar.holidayName(at.date, s.exchange);
    if (holiday) return why(`${at.date} is an ${s.exchange} holiday (${holiday})`);
    if (!calendar.isTradingDay(at.date, s.exchange)) return why(`${at.date} is not an ${s.exchange} trading day`);
  } catch (err) {
    // Past the calendar's coverage the day may be a holiday: closed, saying what to load, rather than a guess.
    if (err instanceof MarketError && err.code === 'CALENDAR_NOT_COVERED') return why(err.message);
    throw err;
  }
  const time = `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
  if (at.minuteOfDay < parseHhMm(s.start)) return why(`${time} IST is before ${s.start}`);
  if (at.minuteOfDay >= parseHhMm(s.stop)) return why(`${time} IST is at or after ${s.stop}`);
  return null;
}

/** A run that did not happen: recorded as `ignored`, with `skipped.reason` saying why. */
export type SkippedRun = RunRecord & { skipped: { code: 'outside_schedule'; reason: string } };

export function skippedRun(signalId: string, now: number, reason: string): SkippedRun {
  return { signalId, status: 'ignored', startedAt: now, durationUs: 0, steps: [], skipped: { code: 'outside_schedule', reason } };
}
