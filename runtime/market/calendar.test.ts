import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { istToMs } from '../time.ts';
import { TradingCalendar } from './calendar.ts';
import { MarketError } from './market-error.ts';

const cal = TradingCalendar.default();

describe('TradingCalendar (bundled 2026 NSE/BSE holidays)', () => {
  it('closes on weekends and listed holidays, on both exchanges', () => {
    expect(cal.isTradingDay('2026-03-02')).toBe(true); // Monday
    expect(cal.isTradingDay('2026-03-03')).toBe(false); // Holi, Tuesday
    expect(cal.isTradingDay('2026-03-07')).toBe(false); // Saturday
    expect(cal.isTradingDay('2026-03-08')).toBe(false); // Sunday
    expect(cal.isTradingDay('2026-01-15', 'BSE')).toBe(false);
    expect(cal.holidayName('2026-12-25')).toBe('Christmas');
    expect(cal.holidayName('2026-12-24')).toBeUndefined();
  });

  it('lists all sixteen 2026 holidays for each exchange', () => {
    const dates = [
      '2026-01-15',
      '2026-01-26',
      '2026-03-03',
      '2026-03-26',
      '2026-03-31',
      '2026-04-03',
      '2026-04-14',
      '2026-05-01',
      '2026-05-28',
      '2026-06-26',
      '2026-09-14',
      '2026-10-02',
      '2026-10-20',
      '2026-11-10',
      '2026-11-24',
      '2026-12-25',
    ];
    for (const ex of ['NSE', 'BSE']) {
      expect(dates.filter((d) => cal.isTradingDay(d, ex))).toEqual([]);
    }
  });

  it('steps over weekends and holidays to the next and previous trading day', () => {
    expect(cal.nextTradingDay('2026-04-03')).toBe('2026-04-06'); // Good Friday → Monday
    expect(cal.previousTradingDay('2026-04-06')).toBe('2026-04-06');
    expect(cal.previousTradingDay('2026-04-05')).toBe('2026-04-02'); // Sunday, back past Good Friday
    expect(cal.previousTradingDay('2026-01-26')).toBe('2026-01-23'); // Republic Day Monday → Friday
    expect(cal.nextTradingDay('2026-12-25')).toBe('2026-12-28');
  });

  it('is open from 09:15 (inclusive) to 15:30 (exclusive) IST on trading days only', () => {
    expect(cal.isMarketOpen(istToMs('2026-03-02', '09:14:59'))).toBe(false);
    expect(cal.isMarketOpen(istToMs('2026-03-02', '09:15'))).toBe(true);
    expect(cal.isMarketOpen(istToMs('2026-03-02', '15:29:59'))).toBe(true);
    expect(cal.isMarketOpen(istToMs('2026-03-02', '15:30'))).toBe(false);
    expect(cal.isMarketOpen(istToMs('2026-03-03', '11:00'))).toBe(false); // Holi
    expect(cal.sessionCloseMs('2026-03-02')).toBe(Date.UTC(2026, 2, 2, 10, 0));
  });

  it('finds the next open across a close, a weekend and a holiday', () => {
    const open = istToMs('2026-03-02', '10:00');
    expect(cal.nextOpenMs(open)).toBe(open);
    expect(cal.nextOpenMs(istToMs('2026-03-02', '08:00'))).toBe(istToMs('2026-03-02', '09:15'));
    expect(cal.nextOpenMs(istToMs('2026-03-02', '16:00'))).toBe(istToMs('2026-03-04', '09:15')); // over Holi
    expect(cal.nextOpenMs(istToMs('2026-04-02', '15:30'))).toBe(istToMs('2026-04-06', '09:15'));
  });

  it('counts only open-market time between two instants', () => {
    const minute = 60_000;
    expect(cal.tradingMsBetween(istToMs('2026-03-02', '15:00'), istToMs('2026-03-04', '09:45'))).toBe(60 * minute);
    expect(cal.tradingMsBetween(istToMs('2026-03-06', '09:00'), istToMs('2026-03-09', '16:00'))).toBe(2 * 375 * minute);
    expect(cal.tradingMsBetween(istToMs('2026-03-02', '10:00'), istToMs('2026-03-02', '10:00'))).toBe(0);
  });
});

describe('TradingCalendar coverage (NSE from 2019 and BSE from 2023 published, 2027 provisional)', () => {
  it('says how far each exchange reaches and which years are provisional', () => {
    expect(cal.coverage('NSE')).toMatchObject({ exchange: 'NSE', from: '2019-01-01', through: '2027-12-31' });
    expect(cal.coverage('BSE')).toMatchObject({ exchange: 'BSE', from: '2023-01-01', through: '2027-12-31' });
    // Weekday holidays per year, counted from each year's circular (2019: 15 in the annual list plus the two
    // election closures; 2024: 14 plus 22 Jan, 20 May and 20 Nov).
    expect(cal.coverage('NSE').years.map((y) => [y.year, y.status, y.holidays])).toEqual([
      [2019, 'published', 17],
      [2020, 'published', 12],
      [2021, 'published', 14],
      [2022, 'published', 13],
      [2023, 'published', 15],
      [2024, 'published', 17],
      [2025, 'published', 14],
      [2026, 'published', 16],
      [2027, 'provisional', 3],
    ]);
    expect(cal.coverage('BSE').years.map((y) => [y.year, y.status, y.holidays])).toEqual([
      [2023, 'published', 15],
      [2024, 'published', 17],
      [2025, 'published', 14],
      [2026, 'published', 16],
      [2027, 'provisional', 3],
    ]);
    for (const ex of ['NSE', 'BSE']) {
      expect(cal.coversThrough(ex)).toBe('2027-12-31');
      expect(cal.provisionalYears(ex)).toEqual([2027]);
      expect(cal.coverage(ex).years.every((y) => y.source.trim() !== '')).toBe(true);
    }
    const nse = (year: number) => cal.coverage('NSE').years.find((y) => y.year === year)!;
    expect(nse(2024).source).toMatch(/NSE\/FAOP\/59723 of 12 Dec 2023/);
    expect(nse(2026).source).toMatch(/NSE\/FAOP\/71777 of 12 Dec 2025/);
    expect(nse(2027).note).toMatch(/NSE has not published its 2027 list; lunar-calendar holidays \(Holi, Id/);
    expect(cal.isProvisional('2027-01-25')).toBe(true);
    expect(cal.isProvisional('2026-12-31', 'BSE')).toBe(false);
    expect(cal.covers('2027-12-31')).toBe(true);
    expect(cal.covers('2028-01-01')).toBe(false);
    expect(cal.covers('2019-01-01')).toBe(true);
    expect(cal.covers('2022-12-30', 'BSE')).toBe(false);
  });

  it('keeps the holidays of past years as the exchange declared them, additions and moves included', () => {
    // 1–3 Jan 2019 traded (New Year's Day is not an NSE holiday); Holi Thu 21 Mar 2019 did not.
    expect(['2019-01-01', '2019-01-02', '2019-01-03'].every((d) => cal.isTradingDay(d))).toBe(true);
    expect(cal.holidayName('2019-03-21')).toBe('Holi');
    // Closures added during the year: Mumbai's Lok Sabha polls (29 Apr 2019), 22 Jan 2024, Maharashtra's assembly polls (20 Nov 2024).
    expect(['2019-04-29', '2024-01-22', '2024-11-20'].filter((d) => cal.isTradingDay(d))).toEqual([]);
    // Bakri Id 2023 moved from Wed 28 Jun to Thu 29 Jun: the 28th traded, and Thursday's expiries moved to it.
    expect([cal.isTradingDay('2023-06-28'), cal.isTradingDay('2023-06-29')]).toEqual([true, false]);
    expect(cal.previousTradingDay('2023-06-29')).toBe('2023-06-28');
    // A Diwali Laxmi Pujan with only an evening Muhurat session is closed for the regular session.
    expect(cal.isTradingDay('2024-11-01', 'BSE')).toBe(false);
    // Saturday sessions (20 Jan 2024) are not modelled: weekends stay closed.
    expect(cal.isTradingDay('2024-01-20')).toBe(false);
  });

  it('closes on the 2027 dates certain without the circular, on both exchanges', () => {
    // Tue 26 Jan (Republic Day), Fri 26 Mar (Good Friday: Easter is Sun 28 Mar 2027), Wed 14 Apr (Ambedkar Jayanti).
    for (const ex of ['NSE', 'BSE']) {
      expect(['2027-01-26', '2027-03-26', '2027-04-14'].filter((d) => cal.isTradingDay(d, ex))).toEqual([]);
      expect(cal.isTradingDay('2027-01-25', ex)).toBe(true); // Monday
    }
    expect(cal.previousTradingDay('2027-01-26')).toBe('2027-01-25');
    expect(cal.nextTradingDay('2027-03-26')).toBe('2027-03-29'); // Good Friday → Monday
  });

  it('refuses to guess past its last covered date, naming the exchange, the date and how to update', () => {
    const err = thrown(() => cal.isTradingDay('2028-01-25'));
    expect(err).toBeInstanceOf(MarketError);
    expect(err.code).toBe('CALENDAR_NOT_COVERED');
    expect(err.message).toBe(
      'The NSE holiday calendar covers 2019-01-01 to 2027-12-31; 2028-01-25 is beyond its last covered date (2027-12-31), ' +
        "so Legflow cannot tell whether it is a trading day. Load NSE's 2028 holiday list: legflow calendar load <file> " +
        '--exchange NSE --year 2028 (it writes $LEGFLOW_DATA/holidays.json; see docs/calendar.md), then restart the server.',
    );
    expect(err.details).toEqual({ exchange: 'NSE', date: '2028-01-25', coversFrom: '2019-01-01', coversThrough: '2027-12-31' });
    expect(() => cal.holidayName('2028-01-26', 'BSE')).toThrow(/The BSE holiday calendar covers 2023-01-01 to 2027-12-31/);
    expect(() => cal.isMarketOpen(istToMs('2028-01-03', '10:00'))).toThrow(/2028-01-03 is beyond its last covered date/);
    expect(() => cal.isTradingDay('2018-12-31')).toThrow(/2018-12-31 is beyond its first covered date \(2019-01-01\)/);
    expect(() => cal.isTradingDay('2022-12-30', 'BSE')).toThrow(/2022-12-30 is beyond its first covered date \(2023-01-01\)/);
  });

  it('answers up to the edge and refuses to step across it', () => {
    expect(cal.nextTradingDay('2027-12-31')).toBe('2027-12-31'); // Friday, inside
    expect(cal.previousTradingDay('2027-12-31')).toBe('2027-12-31');
    expect(() => cal.nextTradingDay('2028-01-01')).toThrow(/2028-01-01 is beyond its last covered date/);
    expect(() => cal.previousTradingDay('2028-01-03')).toThrow(/2028-01-03 is beyond its last covered date/);
    // Saturday 1 Jan 2028 is weekend, but the search must still not walk out of the covered years.
    const endsOnHoliday = TradingCalendar.fromData({
      exchanges: {
        NSE: {
          years: { 2027: { status: 'published', source: 'test' } },
          holidays: [{ date: '2027-12-31', name: 'test holiday' }],
        },
      },
    });
    expect(() => endsOnHoliday.nextTradingDay('2027-12-31')).toThrow(/2028-01-01 is beyond its last covered date \(2027-12-31\)/);
    expect(() => endsOnHoliday.nextOpenMs(istToMs('2027-12-30', '16:00'))).toThrow(/2028-01-01 is beyond its last covered date/);
  });
});

describe('TradingCalendar data', () => {
  const file = {
    marketHours: { open: '09:15', close: '15:30' },
    exchanges: {
      NSE: { years: { 2027: { status: 'published', source: 'test list' } }, holidays: [{ date: '2027-01-26', name: 'Republic Day' }] },
      MCX: { marketHours: { open: '09:00', close: '23:30' }, years: { 2027: { status: 'provisional', source: 'test' } }, holidays: [] },
    },
  };

  it('loads a user object with per-exchange hours', () => {
    const c = TradingCalendar.fromData(file);
    expect(c.exchanges).toEqual(['NSE', 'MCX']);
    expect(c.isTradingDay('2027-01-26')).toBe(false);
    expect(c.isMarketOpen(istToMs('2027-01-25', '20:00'), 'MCX')).toBe(true);
    expect(c.isMarketOpen(istToMs('2027-01-25', '20:00'), 'NSE')).toBe(false);
    expect(c.provisionalYears('MCX')).toEqual([2027]);
  });

  it('loads a user file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'legflow-cal-')), 'holidays.json');
    writeFileSync(path, JSON.stringify(file));
    expect(TradingCalendar.fromFile(path).isTradingDay('2027-01-26')).toBe(false);
  });

  it('says what is wrong with a bad file and where', () => {
    const bad = {
      marketHours: { open: '15:30', close: '09:15' },
      exchanges: {
        NSE: {
          years: { 2026: { status: 'published', source: 'x' } },
          holidays: [
            { date: '2026-02-30', name: 'x' },
            { date: '2026-01-26', name: '' },
          ],
        },
      },
    };
    expect(() => TradingCalendar.fromData(bad, 'my-holidays.json')).toThrow(
      'my-holidays.json is not valid:\n' +
        '  marketHours: open must be before close\n' +
        '  exchanges.NSE.holidays.0.date: must be a date "YYYY-MM-DD"\n' +
        '  exchanges.NSE.holidays.1.name: give the holiday a name',
    );
    const nse = file.exchanges.NSE;
    const dup = { exchanges: { NSE: { ...nse, holidays: [nse.holidays[0], nse.holidays[0]] } } };
    expect(() => TradingCalendar.fromData(dup)).toThrow(/exchanges\.NSE\.holidays\.1\.date: 2027-01-26 is listed twice/);
    expect(() => TradingCalendar.fromFile('/nonexistent/holidays.json')).toThrow(/Cannot read \/nonexistent/);
  });

  it('rejects an unknown exchange and a malformed date with a typed error', () => {
    expect(() => cal.isTradingDay('2026-03-02', 'MCX')).toThrow(/Exchange "MCX" is not in the holiday calendar \(known: NSE, BSE\)/);
    const err = thrown(() => cal.isTradingDay('02-03-2026'));
    expect(err).toBeInstanceOf(MarketError);
    expect(err.code).toBe('INVALID_ARGUMENT');
  });
});

function thrown(f: () => unknown): MarketError {
  try {
    f();
  } catch (e) {
    return e as MarketError;
  }
  throw new Error('expected it to throw');
}
