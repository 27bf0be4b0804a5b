import { describe, expect, it } from 'vitest';
import { istParts, istToMs } from './time.ts';
import { WEEK_FROM_MONDAY, formatWeekdays, weekdayIndex, weekdayLabel, weekdayListSchema, weekdayNumbers } from './weekdays.ts';

describe('weekdays', () => {
  it('number the days as the IST clock does, whatever their casing', () => {
    const wednesday = istParts(istToMs('2026-11-25', '10:00')).weekday;
    expect(weekdayIndex('wed')).toBe(wednesday);
    expect(weekdayIndex('WED')).toBe(wednesday);
    expect(weekdayIndex('someday')).toBe(-1);
    expect(weekdayNumbers(['sun', 'sat'])).toEqual(new Set([0, 6]));
  });

  it('read as a trader writes them', () => {
    expect(formatWeekdays(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Mon–Fri');
    expect(formatWeekdays([...WEEK_FROM_MONDAY])).toBe('every day');
    expect(formatWeekdays(['wed', 'mon'])).toBe('Mon, Wed');
    expect(WEEK_FROM_MONDAY.map(weekdayLabel)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
  });

  it('a day list defaults to Mon–Fri, needs a day, and takes no unknown one', () => {
    const days = weekdayListSchema('days');
    expect(days.parse(undefined)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(days.safeParse([]).error?.issues[0]?.message).toBe('pick at least one day');
    expect(days.safeParse(['MON']).success).toBe(false);
  });
});
