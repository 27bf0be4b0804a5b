import { MarketError } from '../../market/market-error.ts';
import { IST_OFFSET_MS } from '../../time.ts';
import { parseSignalTime } from '../signal-time.ts';

/** The zone a bar file's wall-clock times are read in: IST unless the caller says otherwise. */
export const DEFAULT_BAR_ZONE = 'Asia/Kolkata';

/** Wall-clock time (as if UTC) → the zone's offset from UTC at that wall time, ms. */
export type ZoneOffset = (wallMs: number) => number;

const FIXED_OFFSET = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})$/i;
const DATE_FORMS = [/^(\d{4})-(\d{2})-(\d{2})$/, /^(\d{4})\/(\d{2})\/(\d{2})$/, /^(\d{4})(\d{2})(\d{2})$/];
/** H:MM or HH:MM, optional seconds and fraction, optional zone. */
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(:\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
/** Epoch seconds (10 digits) or milliseconds (13), as charting tools export them. */
const EPOCH = /^(\d{10}|\d{13})$/;

/**
 * A zone as a bar file's caller names it: `Asia/Kolkata` (the default), any IANA name the runtime's Intl
 * knows (`America/New_York`, daylight saving included), `UTC`, or a fixed offset (`+05:30`, `-0400`).
 * An unknown name is refused (MarketError INVALID_ARGUMENT), so a typo never reads times as UTC.
 */
export function zoneOffset(zone: string): ZoneOffset {
  const name = zone.trim();
  if (name === DEFAULT_BAR_ZONE) return () => IST_OFFSET_MS;
  if (/^(UTC|GMT|Z)$/i.test(name)) return () => 0;
  const fixed = FIXED_OFFSET.exec(name);
  if (fixed) {
    const ms = (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000 * (fixed[1] === '-' ? -1 : 1);
    return () => ms;
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    const message = `"${zone}" is not a time zone: give an IANA name such as Asia/Kolkata or America/New_York, or an offset such as +05:30.`;
    throw new MarketError('INVALID_ARGUMENT', message, { zone });
  }
  const offsetAt = (utcMs: number): number => {
    const p = Object.fromEntries(format.formatToParts(utcMs).map((part) => [part.type, Number(part.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) - Math.floor(utcMs / 1000) * 1000;
  };
  // The offset at the wall time read as UTC is off by the offset itself near a change; a second pass settles it.
  return (wallMs) => offsetAt(wallMs - offsetAt(wallMs - offsetAt(wallMs)));
}

/**
 * A bar's time in epoch ms from its date and time-of-day cells (`2026-11-25` or `2026/11/25` or `20261125`,
 * `09:15` or `9:15:00`), or from one cell (`2026-11-25 09:15`, ISO `2026-11-25T09:15:00-05:00`, epoch
 * seconds or ms); a date alone (a daily bar) is the day's midnight. A time that carries its zone is read in it; one without, in `zone`. Undefined when the cells
 * are not a time (an impossible date such as 31 Nov included).
 */
export function parseBarTime(date: string, time: string | undefined, zone: ZoneOffset): number | undefined {
  const text = date.trim();
  if (time === undefined) {
    if (EPOCH.test(text)) return Number(text) * (text.length === 10 ? 1000 : 1);
    // A date alone is a daily bar, stamped at the day's start.
    if (DATE_FORMS.some((form) => form.test(text))) return parseBarTime(text, '00:00', zone);
    const split = /^(\S+?)(?:[T ]+)(\S+)$/.exec(text);
    return split ? parseBarTime(split[1]!, split[2], zone) : undefined;
  }
  const d = DATE_FORMS.map((form) => form.exec(text)).find((m) => m !== null);
  const t = TIME_OF_DAY.exec(time.trim());
  if (!d || !t) return undefined;
  const iso = `${d[1]}-${d[2]}-${d[3]}T${t[1]!.padStart(2, '0')}:${t[2]}${t[3] ?? ''}`;
  if (t[4] !== undefined) return parseSignalTime(iso + t[4]);
  // Read as IST wall time first: that checks the date and gives the wall time back exactly.
  const ist = parseSignalTime(iso);
  if (ist === undefined) return undefined;
  const wall = ist + IST_OFFSET_MS;
  return wall - zone(wall);
}
