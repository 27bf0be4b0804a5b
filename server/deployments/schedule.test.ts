import { describe, expect, it } from 'vitest';
import { TradingCalendar } from '../../runtime/market/calendar.ts';
import { istToMs } from '../../runtime/time.ts';
import { outsideSchedule, scheduleSchema } from './schedule.ts';

const calendar = TradingCalendar.default();
const weekdays = scheduleSchema.parse({ start: '09:20', stop: '15:00' });

describe('a deployment schedule', () => {
  it('takes signals on its weekdays from start (inclusive) to stop (exclusive), IST', () => {
    expect(outsideSchedule(weekdays, istToMs('2026-11-25', '09:20'), calendar)).toBeNull();
    expect(outsideSchedule(weekdays, istToMs('2026-11-25', '14:59:59'), calendar)).toBeNull();
    expect(outsideSchedule(weekdays, istToMs('2026-11-25', '09:19'), calendar)).toBe(
      "outside the deployment's schedule, Mon–Fri 09:20–15:00 IST (NSE trading days): 09:19 IST is before 09:20",
    );
    expect(outsideSchedule(weekdays, istToMs('2026-11-25', '15:00'), calendar)).toMatch(/15:00 IST is at or after 15:00$/);
  });

  it('is closed on days it does not list, weekends and exchange holidays, saying which', () => {
    expect(outsideSchedule(weekdays, istToMs('2026-11-28', '10:00'), calendar)).toMatch(/2026-11-28 is a Saturday$/);
    expect(outsideSchedule(weekdays, istToMs('2026-11-24', '10:00'), calendar)).toMatch(/2026-11-24 is an NSE holiday \(Guru Nanak Jayanti\)$/);
    const tuesdays = scheduleSchema.parse({ days: ['tue'], start: '09:15', stop: '15:30' });
    expect(outsideSchedule(tuesdays, istToMs('2026-11-25', '10:00'), calendar)).toMatch(
      /^outside the deployment's schedule, Tue 09:15–15:30 IST .*: 2026-11-25 is a Wednesday$/,
    );
    expect(outsideSchedule(tuesdays, istToMs('2026-12-01', '10:00'), calendar)).toBeNull();
    // Listing Saturday does not open a closed exchange.
    const everyDay = scheduleSchema.parse({ days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '09:15', stop: '15:30' });
    expect(outsideSchedule(everyDay, istToMs('2026-11-28', '10:00'), calendar)).toMatch(/2026-11-28 is not an NSE trading day$/);
  });

  it('is closed on Republic Day 2027, and past the holiday calendar it stays closed, saying what to load', () => {
    expect(outsideSchedule(weekdays, istToMs('2027-01-26', '10:00'), calendar)).toMatch(/2027-01-26 is an NSE holiday \(Republic Day\)$/);
    expect(outsideSchedule(weekdays, istToMs('2027-12-31', '10:00'), calendar)).toBeNull();
    expect(outsideSchedule(weekdays, istToMs('2028-01-03', '10:00'), calendar)).toMatch(
      /^outside the deployment's schedule, Mon–Fri 09:20–15:00 IST \(NSE trading days\): The NSE holiday calendar covers 2019-01-01 to 2027-12-31; 2028-01-03 is beyond .* legflow calendar load <file> --exchange NSE --year 2028/,
    );
  });

  it('refuses a start at or after its stop, an empty day list, bad times and unknown keys', () => {
    for (const bad of [
      { start: '15:00', stop: '09:20' },
      { start: '10:00', stop: '10:00' },
      { days: [], start: '09:20', stop: '15:00' },
      { start: '9:20', stop: '15:00' },
      { start: '09:20', stop: '24:00' },
      { start: '09:20', stop: '15:00', timezone: 'UTC' },
    ]) {
      expect(scheduleSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
