/**
 * Indian Standard Time helpers. IST is UTC+05:30 all year (no daylight saving), so a fixed offset is exact.
 * Everything inside the engine is epoch milliseconds; these helpers only read or build wall-clock IST values.
 */
import { WEEKDAY_NAMES } from './weekdays.ts';

export const IST_OFFSET_MS = 330 * 60_000;
export const DAY_MS = 86_400_000;

export interface IstParts {
  /** YYYY-MM-DD */
  date: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  /** minutes since IST midnight */
  minuteOfDay: number;
}

export function istParts(ms: number): IstParts {
  const d = new Date(ms + IST_OFFSET_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  return {
    date: `${year}-${pad(month)}-${pad(day)}`,
    year,
    month,
    day,
    hour,
    minute,
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    minuteOfDay: hour * 60 + minute,
  };
}

/** Epoch ms of an IST wall-clock time on an IST date ("2026-11-25", "15:15" or "15:15:30"). */
export function istToMs(date: string, time = '00:00'): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh = 0, mm = 0, ss = 0] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, hh, mm, ss) - IST_OFFSET_MS;
}

/** "HH:mm" → minutes since midnight. */
export function parseHhMm(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Adds whole days to an ISO date string. */
export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Weekday (0 = Sunday) of an ISO date string. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An IST moment as a trader reads it: "Fri 4 Dec 2026 09:15 IST"; `weekday: 'long'` gives "Friday …",
 * `year: false` and `zone: false` drop those parts ("Mon 7 Dec 09:15").
 */
export function formatIst(ms: number, options: { weekday?: 'long' | 'short'; year?: boolean; zone?: boolean } = {}): string {
  const p = istParts(ms);
  const weekday = WEEKDAY_NAMES[p.weekday]!;
  const parts = [options.weekday === 'long' ? weekday : weekday.slice(0, 3), String(p.day), MONTH_NAMES[p.month - 1]!];
  if (options.year ?? true) parts.push(String(p.year));
  parts.push(`${pad(p.hour)}:${pad(p.minute)}`);
  if (options.zone ?? true) parts.push('IST');
  return parts.join(' ');
}
