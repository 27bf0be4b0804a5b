import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundledCalendarFile, TradingCalendar } from './calendar.ts';
import { calendarFileSchema, mergeCalendars, type CalendarFile } from './calendar-file.ts';
import { loadDataFile, parseDataFile } from './data-file.ts';

/** Where a user's holidays live: `$LEGFLOW_DATA/holidays.json`, laid over the shipped calendar. */
export function userCalendarPath(dataDir: string): string {
  return join(dataDir, 'holidays.json');
}

export interface LoadedCalendar {
  calendar: TradingCalendar;
  /** The user's file when one was laid over the shipped calendar. */
  userFile?: string;
}

/** The user's file (validated), or undefined when there is none. */
export function readUserCalendar(dataDir: string): CalendarFile | undefined {
  const path = userCalendarPath(dataDir);
  return existsSync(path) ? loadDataFile(calendarFileSchema, path) : undefined;
}

/**
 * The shipped calendar with `overlay` laid over it, validated as a whole (a user's 2029 over a shipped
 * calendar that ends in 2027 leaves 2028 uncovered, which is refused here).
 */
export function layCalendar(overlay: CalendarFile | undefined, source: string): CalendarFile {
  const bundled = bundledCalendarFile();
  if (!overlay) return bundled;
  return parseDataFile(calendarFileSchema, mergeCalendars(bundled, overlay), `${source} laid over the shipped calendar`);
}

/**
 * The calendar a server or CLI run uses: the shipped one, with `$LEGFLOW_DATA/holidays.json` over it when
 * that file exists. A bad file throws a MarketError naming the file and every field to fix, so a server
 * refuses to start rather than trade on a calendar it could not read.
 */
export function loadCalendar(dataDir: string): LoadedCalendar {
  const userFile = userCalendarPath(dataDir);
  const overlay = readUserCalendar(dataDir);
  const calendar = new TradingCalendar(layCalendar(overlay, userFile));
  return overlay ? { calendar, userFile } : { calendar };
}
