import { describe, expect, it } from 'vitest';
import { calendarFileSchema, mergeCalendars, type CalendarFile } from './calendar-file.ts';
import { parseDataFile } from './data-file.ts';

const parse = (value: unknown): CalendarFile => parseDataFile(calendarFileSchema, value, 'h.json');
const year = (status: string, source = 'test list') => ({ status, source });

describe('holidays file schema', () => {
  it('needs the years an exchange covers, each with a status and a source', () => {
    expect(() => parse({ exchanges: { NSE: { holidays: [] } } })).toThrow(/exchanges\.NSE\.years: list the years the holidays cover/);
    expect(() => parse({ exchanges: { NSE: { years: {}, holidays: [] } } })).toThrow(/exchanges\.NSE\.years: list at least one year/);
    expect(() => parse({ exchanges: { NSE: { years: { 2027: { status: 'guessed', source: '' } }, holidays: [] } } })).toThrow(
      /exchanges\.NSE\.years\.2027\.status: must be "published" \(the exchange's own list\) or "provisional"[\s\S]*exchanges\.NSE\.years\.2027\.source: say where this year's list comes from/,
    );
  });

  it('refuses a gap between covered years, a holiday outside them and a weekend holiday', () => {
    const bad = {
      exchanges: {
        BSE: {
          years: { 2026: year('published'), 2028: year('provisional') },
          holidays: [
            { date: '2027-01-26', name: 'Republic Day' }, // Tuesday, but 2027 is not listed
            { date: '2026-08-15', name: 'Independence Day' }, // Saturday
          ],
        },
      },
    };
    expect(() => parse(bad)).toThrow(
      'h.json is not valid:\n' +
        '  exchanges.BSE.years: covers 2026 and 2028 but not 2027: a missing year would count its holidays as trading days\n' +
        '  exchanges.BSE.holidays.0.date: 2027-01-26 is in 2027, which "years" does not list: add 2027 with its source, or remove the date\n' +
        '  exchanges.BSE.holidays.1.date: 2026-08-15 is a Saturday: weekends are always closed, leave it out',
    );
  });
});

describe('laying one holidays file over another', () => {
  const base = parse({
    marketHours: { open: '09:15', close: '15:30' },
    exchanges: {
      NSE: {
        years: { 2026: year('published', 'NSE 2026'), 2027: year('provisional', 'law') },
        holidays: [
          { date: '2026-12-25', name: 'Christmas' },
          { date: '2027-01-26', name: 'Republic Day' },
          { date: '2027-03-26', name: 'Good Friday' },
        ],
      },
      BSE: { years: { 2027: year('provisional', 'law') }, holidays: [{ date: '2027-01-26', name: 'Republic Day' }] },
    },
  });

  it('replaces whole years of one exchange and keeps the rest', () => {
    const overlay = parse({
      exchanges: {
        NSE: {
          years: { 2027: year('published', 'NSE/FAOP/1 of Dec 2026'), 2028: year('provisional', 'law') },
          holidays: [
            { date: '2027-01-26', name: 'Republic Day' },
            { date: '2027-03-22', name: 'Holi' },
            { date: '2028-01-26', name: 'Republic Day' },
          ],
        },
      },
    });
    const merged = parse(mergeCalendars(base, overlay));
    expect(merged.exchanges.NSE!.years).toEqual({
      2026: year('published', 'NSE 2026'),
      2027: year('published', 'NSE/FAOP/1 of Dec 2026'),
      2028: year('provisional', 'law'),
    });
    // Good Friday went with the provisional 2027: the published list is the whole truth for its year.
    expect(merged.exchanges.NSE!.holidays.map((h) => h.date)).toEqual(['2026-12-25', '2027-01-26', '2027-03-22', '2028-01-26']);
    expect(merged.exchanges.BSE).toEqual(base.exchanges.BSE);
    expect(merged.marketHours).toEqual({ open: '09:15', close: '15:30' });
  });

  it('adds an exchange the base does not have', () => {
    const mcx = { marketHours: { open: '09:00', close: '23:30' }, years: { 2027: year('published') }, holidays: [] };
    expect(mergeCalendars(base, parse({ exchanges: { MCX: mcx } })).exchanges.MCX).toEqual(mcx);
  });
});
