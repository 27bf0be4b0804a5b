import { describe, expect, it } from 'vitest';
import { checkYearList, parseHolidayList, parseListDate } from './holiday-list.ts';

describe('reading an exchange’s published holiday list', () => {
  it('reads the dates exchange lists write', () => {
    for (const s of ['26-Jan-2027', '26-JAN-2027', '26 January 2027', '26 Jan, 2027', 'January 26, 2027', '2027-01-26', '26/01/2027', '26-01-2027']) {
      expect(parseListDate(s), s).toBe('2027-01-26');
    }
    expect(parseListDate('14-Sept-2027')).toBe('2027-09-14');
    for (const s of ['31-Feb-2027', '2027-13-01', '01/26/2027', 'Janu 26, 2027', 'tomorrow', '']) expect(parseListDate(s), s).toBeUndefined();
  });

  it('reads a simple CSV, with or without a header, and NSE’s four-column export', () => {
    const expected = [
      { date: '2027-01-26', name: 'Republic Day' },
      { date: '2027-03-26', name: 'Good Friday' },
    ];
    expect(parseHolidayList('date,description\n26-Jan-2027,Republic Day\n2027-03-26,Good Friday\n')).toEqual(expected);
    expect(parseHolidayList('26-Jan-2027,Republic Day\r\n\r\n26-Mar-2027,Good Friday')).toEqual(expected);
    expect(parseHolidayList('\uFEFF"Sr. No","Date","Day","Description"\n1,26-Jan-2027,Tuesday,Republic Day\n2,26-Mar-2027,Friday,"Good Friday"')).toEqual(
      expected,
    );
    expect(parseHolidayList('date,name\n2027-11-08,"Diwali, Laxmi Pujan"')).toEqual([{ date: '2027-11-08', name: 'Diwali, Laxmi Pujan' }]);
  });

  it('reads a JSON list, and NSE’s holiday JSON (the F&O segment)', () => {
    expect(parseHolidayList('[{"date":"2027-01-26","name":"Republic Day"}]')).toEqual([{ date: '2027-01-26', name: 'Republic Day' }]);
    const nse = {
      CM: [{ tradingDate: '26-Jan-2027', weekDay: 'Tuesday', description: 'Republic Day', Sr_no: 1 }],
      FO: [
        { tradingDate: '26-Jan-2027', weekDay: 'Tuesday', description: 'Republic Day', Sr_no: 1 },
        { tradingDate: '26-Mar-2027', weekDay: 'Friday', description: 'Good Friday', Sr_no: 2 },
      ],
    };
    expect(parseHolidayList(JSON.stringify(nse))).toHaveLength(2);
    expect(() => parseHolidayList('{"CD":[]}')).toThrow(/expected a list of holidays, or NSE's segments with "FO" \(found: CD\)/);
  });

  it('says which line is wrong', () => {
    expect(() => parseHolidayList('date,description\n26-Jan-2027,Republic Day\n31-Feb-2027,Holi\n2027-04-14,')).toThrow(
      'The holiday list is not valid:\n  line 3: "31-Feb-2027" is not a date (write 26-Jan-2027 or 2027-01-26)\n  line 4: 2027-04-14 has no description',
    );
    expect(() => parseHolidayList('when,what\n26-Jan-2027,x')).toThrow(/line 1: the header names no date column/);
    expect(() => parseHolidayList('  ')).toThrow(/the file is empty/);
    expect(() => parseHolidayList('[{"date":"2027-01-26"')).toThrow(/not valid JSON/);
  });
});

describe('checking a list as one year of one exchange', () => {
  const list = [
    { date: '2027-01-26', name: 'Republic Day' },
    { date: '2027-04-14', name: 'Ambedkar Jayanti' },
  ];

  it('answers the year it covers', () => {
    expect(checkYearList(list)).toBe(2027);
    expect(checkYearList(list, 2027)).toBe(2027);
  });

  it('refuses weekends, dates outside the year, duplicates and a list spanning two years', () => {
    expect(() => checkYearList([...list, { date: '2027-08-15', name: 'Independence Day' }, { date: '2027-01-26', name: 'again' }], 2027)).toThrow(
      'The holiday list is not valid:\n  2027-08-15 (Independence Day) is a Sunday: weekends are always closed, leave it out\n  2027-01-26 is listed twice',
    );
    expect(() => checkYearList(list, 2028)).toThrow(/2027-01-26 \(Republic Day\) is not in 2028/);
    expect(() => checkYearList([...list, { date: '2028-01-26', name: 'Republic Day' }])).toThrow(
      /the list spans 2027 and 2028: load one year at a time with --year/,
    );
  });
});
