import { IST_OFFSET_MS } from '../time.ts';

/** Date, time, optional seconds and fraction, optional zone (Z, +05:30 or +0530). */
const TIME = /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A signal's time in epoch ms, or undefined when it is not one: an ISO time with its zone
 * (`2026-11-25T10:00:00+05:30`, `…Z`), or a wall-clock time without one, read as IST, the exchange's clock
 * (`2026-11-25 10:00`, `2026-11-25 10:00:30`, `2026-11-25T10:00`). Impossible dates (31 Nov) are refused,
 * not rolled over.
 */
export function parseSignalTime(text: string): number | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const s = Number(m[7] ?? '0');
  const zone = m[9];
  // A zone belongs to an ISO time ("T"); "2026-11-25 10:00Z" is neither form.
  if (zone !== undefined && m[4] !== 'T') return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s) + Math.round(Number(m[8] ?? '0') * 1000);
  return wall - (zone === undefined ? IST_OFFSET_MS : offsetMs(zone));
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function offsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
