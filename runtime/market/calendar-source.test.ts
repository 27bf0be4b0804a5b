import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendar, userCalendarPath } from './calendar-source.ts';

function dataDir(holidays?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'legflow-data-'));
  if (holidays !== undefined) writeFileSync(userCalendarPath(dir), typeof holidays === 'string' ? holidays : JSON.stringify(holidays));
  return dir;
}

describe('loadCalendar: $LEGFLOW_DATA/holidays.json over the shipped calendar', () => {
  it('uses the shipped calendar when the user has no file', () => {
    const { calendar, userFile } = loadCalendar(dataDir());
    expect(userFile).toBeUndefined();
    expect(calendar.coversThrough('NSE')).toBe('2027-12-31');
  });

  it("lays the user's years over the shipped ones", () => {
    const dir = dataDir({
      exchanges: {
        NSE: {
          years: { 2027: { status: 'published', source: 'NSE/FAOP/99999 of 11 Dec 2026 (test)' }, 2028: { status: 'provisional', source: 'law' } },
          holidays: [
            { date: '2027-01-26', name: 'Republic Day' },
            { date: '2027-03-22', name: 'Holi' },
            { date: '2028-01-26', name: 'Republic Day' },
          ],
        },
      },
    });
    const { calendar, userFile } = loadCalendar(dir);
    expect(userFile).toBe(join(dir, 'holidays.json'));
    expect(calendar.coversThrough('NSE')).toBe('2028-12-31');
    expect(calendar.provisionalYears('NSE')).toEqual([2028]);
    expect(calendar.isTradingDay('2027-03-22')).toBe(false); // the loaded Holi
    expect(calendar.isTradingDay('2027-03-26')).toBe(true); // the shipped provisional Good Friday went with its year
    expect(calendar.coversThrough('BSE')).toBe('2027-12-31'); // untouched
  });

  it('refuses a bad file, naming it and the field', () => {
    const dir = dataDir({
      exchanges: { NSE: { years: { 2027: { status: 'published', source: 'x' } }, holidays: [{ date: '26-01-2027', name: 'Republic Day' }] } },
    });
    expect(() => loadCalendar(dir)).toThrow(`${join(dir, 'holidays.json')} is not valid:\n  exchanges.NSE.holidays.0.date: must be a date "YYYY-MM-DD"`);
    expect(() => loadCalendar(dataDir('{"exchanges":'))).toThrow(/holidays\.json is not valid JSON/);
  });

  it('refuses a file that leaves a year uncovered once laid over the shipped one', () => {
    const dir = dataDir({ exchanges: { BSE: { years: { 2029: { status: 'published', source: 'x' } }, holidays: [] } } });
    expect(() => loadCalendar(dir)).toThrow(
      `${join(dir, 'holidays.json')} laid over the shipped calendar is not valid:\n  exchanges.BSE.years: covers 2027 and 2029 but not 2028`,
    );
  });
});
