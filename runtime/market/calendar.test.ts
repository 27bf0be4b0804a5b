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
    const dates = ['2026-01-15', '2026-01-26', '2026-03-03', '2026-03-26', '2026-03-31', '2026-04-03', '2026-04-14',
      '2026-05-01', '2026-05-28', '2026-06-26', '2026-09-14', '2026-10-02', '2026-10-20', '2026-11-10',
      '2026-11-24', '2026-12-25'];
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

describe('TradingCalendar data', () => {
  const file = {
    marketHours: { open: '09:15', close: '15:30' },
    exchanges: { NSE: { holidays: [{ date: '2027-01-26', name: 'Republic Day' }] }, MCX: {
      marketHours: { open: '09:00', close: '23:30' }, holidays: [] } },
  };

  it('loads a user object with per-exchange hours', () => {
    const c = TradingCalendar.fromData(file);
    expect(c.exchanges).toEqual(['NSE', 'MCX']);
    expect(c.isTradingDay('2027-01-26')).toBe(false);
    expect(c.isMarketOpen(istToMs('2027-01-25', '20:00'), 'MCX')).toBe(true);
    expect(c.isMarketOpen(istToMs('2027-01-25', '20:00'), 'NSE')).toBe(false);
  });

  it('loads a user file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'legflow-cal-')), 'holidays.json');
    writeFileSync(path, JSON.stringify(file));
    expect(TradingCalendar.fromFile(path).isTradingDay('2027-01-26')).toBe(false);
  });

  it('says what is wrong with a bad file and where', () => {
    const bad = { marketHours: { open: '15:30', close: '09:15' },
      exchanges: { NSE: { holidays: [{ date: '2026-02-30', name: 'x' }, { date: '2026-01-26', name: '' }] } } };
    expect(() => TradingCalendar.fromData(bad, 'my-holidays.json')).toThrow(
      'my-holidays.json is not valid:\n' +
        '  marketHours: open must be before close\n' +
        '  exchanges.NSE.holidays.0.date: must be a date "YYYY-MM-DD"\n' +
        '  exchanges.NSE.holidays.1.name: give the holiday a name',
    );
    const dup = { ...file, exchanges: { NSE: { holidays: [file.exchanges.NSE.holidays[0], file.exchanges.NSE.holidays[0]] } } };
    expect(() => TradingCalendar.fromData(dup)).toThrow(/2027-01-26 is listed twice/);
    expect(() => TradingCalendar.fromFile('/nonexistent/holidays.json')).toThrow(/Cannot read \/nonexistent/);
  });

  it('rejects an unknown exchange and a malformed date with a typed error', () => {
    expect(() => cal.isTradingDay('2026-03-02', 'MCX')).toThrow(/Exchange "MCX" is not in the holiday calendar \(known: NSE, BSE\)/);
    const err = (() => { try { cal.isTradingDay('02-03-2026'); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(MarketError);
    expect((err as MarketError).code).toBe('INVALID_ARGUMENT');
  });
});
