import { describe, expect, it } from 'vitest';
import { DAY_MS, HHMM_PATTERN, IST_OFFSET_MS, addDays, istParts, istToMs, parseHhMm, weekdayOf } from './time.ts';

describe('IST', () => {
  it('is UTC+05:30', () => {
    expect(IST_OFFSET_MS).toBe(5.5 * 3_600_000);
    expect(istToMs('2026-11-25', '09:15')).toBe(Date.parse('2026-11-25T03:45:00Z'));
    expect(istToMs('2026-11-25', '15:15:30')).toBe(Date.parse('2026-11-25T09:45:30Z'));
    expect(istToMs('2026-11-25')).toBe(Date.parse('2026-11-24T18:30:00Z'));
  });

  it('reads the wall-clock parts of an instant in IST', () => {
    expect(istParts(Date.parse('2026-11-25T09:45:30Z'))).toEqual({
      date: '2026-11-25',
      year: 2026,
      month: 11,
      day: 25,
      hour: 15,
      minute: 15,
      second: 30,
      weekday: 3,
      minuteOfDay: 915,
    });
  });

  it('turns the date (and weekday) over at IST midnight, 18:30 UTC', () => {
    const before = istParts(Date.parse('2026-11-24T18:29:59Z'));
    const after = istParts(Date.parse('2026-11-24T18:30:00Z'));
    expect([before.date, before.weekday, before.hour, before.minute, before.minuteOfDay]).toEqual(['2026-11-24', 2, 23, 59, 1439]);
    expect([after.date, after.weekday, after.hour, after.minute, after.minuteOfDay]).toEqual(['2026-11-25', 3, 0, 0, 0]);
  });

  it('is already the next day in IST while it is still the evening before in UTC, across a year end', () => {
    const parts = istParts(Date.parse('2026-12-31T20:00:00Z'));
    expect(parts).toMatchObject({ date: '2027-01-01', year: 2027, month: 1, day: 1, hour: 1, minute: 30, weekday: 5 });
    expect(istToMs('2027-01-01', '01:30')).toBe(Date.parse('2026-12-31T20:00:00Z'));
  });

  it('round-trips a wall-clock time', () => {
    for (const [date, time] of [
      ['2026-11-25', '09:20'],
      ['2026-02-28', '23:59'],
      ['2028-02-29', '00:00'],
    ] as const) {
      const p = istParts(istToMs(date, time));
      expect(`${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`).toBe(`${date} ${time}`);
    }
  });
});

describe('calendar arithmetic', () => {
  it('gives the weekday of a date, 0 = Sunday', () => {
    expect(weekdayOf('2026-11-24')).toBe(2); // Tuesday: NIFTY's weekly expiry day
    expect(weekdayOf('2026-11-25')).toBe(3);
    expect(weekdayOf('2026-11-29')).toBe(0);
    expect(weekdayOf('2026-11-28')).toBe(6);
  });

  it('adds days across month, year and leap-day ends, and backwards', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-28', -4)).toBe('2026-12-24');
    expect(addDays('2026-11-25', 0)).toBe('2026-11-25');
    expect(DAY_MS).toBe(86_400_000);
  });

  it('reads HH:mm as minutes since midnight and accepts only 24-hour times', () => {
    expect(parseHhMm('09:20')).toBe(560);
    expect(parseHhMm('15:15')).toBe(915);
    expect(parseHhMm('00:00')).toBe(0);
    for (const t of ['09:20', '00:00', '23:59']) expect(HHMM_PATTERN.test(t)).toBe(true);
    for (const t of ['9:20', '24:00', '09:60', '09:20:00', '0920', '']) expect(HHMM_PATTERN.test(t)).toBe(false);
  });
});
