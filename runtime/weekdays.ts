/**
 * The days of the week, declared once for node params, deployment schedules, the instrument file and the
 * editor. Browser-safe: the editor imports it.
 */
import { z } from 'zod';

/** Day keys as params and schedules store them, Sunday first, so the index is `istParts().weekday`. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Full names by the same index: "Sunday" … "Saturday". */
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** The trading week, the default days of schedules and time-driven sources. */
export const MON_TO_FRI: readonly Weekday[] = WEEKDAYS.slice(1, 6);

/** The week as a trader lists it, Monday first: the order of day pickers. */
export const WEEK_FROM_MONDAY: readonly Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

/** A list of days to act on: at least one, Mon–Fri unless given. One schema for node params and schedules. */
export const weekdayListSchema = (description: string) =>
  z
    .array(z.enum(WEEKDAYS))
    .min(1, 'pick at least one day')
    .default(() => [...MON_TO_FRI])
    .describe(description);

/** The weekday number (0 = Sunday) of a day key in any casing ("MON", "mon"); -1 when it is not one. */
export function weekdayIndex(day: string): number {
  return WEEKDAYS.indexOf(day.toLowerCase() as Weekday);
}

/** "Mon", "Tue" …: a day key as a label. */
export function weekdayLabel(day: Weekday): string {
  return WEEKDAY_NAMES[weekdayIndex(day)]!.slice(0, 3);
}

/** 0 = Sunday, as `istParts().weekday` and `weekdayOf()` count. */
export function weekdayNumbers(days: readonly Weekday[]): Set<number> {
  return new Set(days.map(weekdayIndex));
}

/** "Mon–Fri", "every day", or the days listed ("Mon, Wed"): for summaries. */
export function formatWeekdays(days: readonly Weekday[]): string {
  const set = weekdayNumbers(days);
  if (set.size === 7) return 'every day';
  if (set.size === 5 && [1, 2, 3, 4, 5].every((d) => set.has(d))) return 'Mon–Fri';
  return [...set]
    .sort()
    .map((d) => weekdayLabel(WEEKDAYS[d]!))
    .join(', ');
}
