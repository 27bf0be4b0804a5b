import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCalendar } from '../runtime/market/calendar-source.ts';
import { main } from './main.ts';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'legflow-calendar-'));
function listFile(name: string, text: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

/** What NSE's 2027 circular might look like: hypothetical dates for the test, not the real list. */
const NSE_2027 =
  'Sr. No,Date,Day,Description\n1,26-Jan-2027,Tuesday,Republic Day\n2,22-Mar-2027,Monday,Holi (test)\n3,26-Mar-2027,Friday,Good Friday\n4,14-Apr-2027,Wednesday,Dr. Baba Saheb Ambedkar Jayanti\n';

describe('legflow calendar show', () => {
  it('prints each exchange’s coverage with every year’s status and source', async () => {
    const data = tempDir();
    const r = await cli('calendar', 'show', '--data', data);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Holiday calendar: the shipped list (no ${join(data, 'holidays.json')})`);
    expect(r.out).toContain('NSE: 2019-01-01 to 2027-12-31\n  2019  published    17 holidays  ');
    expect(r.out).toContain('\n  2026  published    16 holidays  NSE circular NSE/FAOP/71777 of 12 Dec 2025');
    expect(r.out).toMatch(/\n {2}2027 {2}provisional {3}3 holidays {2}Not an exchange list: .*\n {8}NSE has not published its 2027 list/);
    const json = JSON.parse((await cli('calendar', 'show', '--json', '--data', data)).out);
    expect(json.exchanges.map((e: { exchange: string; through: string }) => [e.exchange, e.through])).toEqual([
      ['NSE', '2027-12-31'],
      ['BSE', '2027-12-31'],
    ]);
  });
});

describe('legflow calendar load', () => {
  it('loads NSE’s published list into $LEGFLOW_DATA/holidays.json and marks the year published', async () => {
    const data = tempDir();
    const r = await cli(
      'calendar',
      'load',
      listFile('nse-2027.csv', NSE_2027),
      '--exchange',
      'nse',
      '--year',
      '2027',
      '--source',
      'NSE/FAOP/00000 of 11 Dec 2026 (test)',
      '--data',
      data,
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(
      'NSE 2027: 4 holidays from nse-2027.csv, now published (was provisional with 3 holidays).\n' +
        'NSE now covers 2019-01-01 to 2027-12-31.\n' +
        `Wrote ${join(data, 'holidays.json')}. Restart the server to use it.\n`,
    );
    const written = JSON.parse(readFileSync(join(data, 'holidays.json'), 'utf8'));
    expect(written.exchanges.NSE.years).toEqual({ 2027: { status: 'published', source: 'NSE/FAOP/00000 of 11 Dec 2026 (test)' } });
    const { calendar } = loadCalendar(data);
    expect(calendar.provisionalYears('NSE')).toEqual([]);
    expect(calendar.provisionalYears('BSE')).toEqual([2027]);
    expect(calendar.isTradingDay('2027-03-22')).toBe(false);
    expect(calendar.isTradingDay('2027-03-22', 'BSE')).toBe(true);
  });

  it('adds a year past the shipped calendar, then refuses one that would leave a gap', async () => {
    const data = tempDir();
    const y2028 = listFile('bse-2028.json', JSON.stringify([{ date: '2028-01-26', name: 'Republic Day' }]));
    const r = await cli('calendar', 'load', y2028, '--exchange', 'BSE', '--data', data);
    expect(r.out).toContain('BSE 2028: 1 holiday from bse-2028.json, now published (not covered before).\nBSE now covers 2023-01-01 to 2028-12-31.');
    expect(
      loadCalendar(data)
        .calendar.coverage('BSE')
        .years.find((y) => y.year === 2028)?.source,
    ).toBe("BSE's published list, loaded from bse-2028.json");

    const before = readFileSync(join(data, 'holidays.json'), 'utf8');
    const gap = await cli('calendar', 'load', listFile('nse-2029.csv', '2029-01-26,Republic Day'), '--exchange', 'NSE', '--data', data);
    expect(gap.code).toBe(1);
    expect(gap.err).toMatch(
      /laid over the shipped calendar is not valid:\n {2}exchanges\.NSE\.years: covers 2027 and 2029 but not 2028.*\nNothing was written\./s,
    );
    expect(readFileSync(join(data, 'holidays.json'), 'utf8')).toBe(before);
  });

  it('takes a holidays.json as Legflow writes it, one exchange and year of it when asked', async () => {
    const data = tempDir();
    const shared = listFile(
      'holidays.json',
      JSON.stringify({
        exchanges: {
          NSE: { years: { 2027: { status: 'published', source: 'NSE/FAOP/test' } }, holidays: [{ date: '2027-01-26', name: 'Republic Day' }] },
          BSE: { years: { 2027: { status: 'published', source: 'BSE/test' } }, holidays: [] },
        },
      }),
    );
    expect((await cli('calendar', 'load', shared, '--exchange', 'BSE', '--data', data)).code).toBe(0);
    const { calendar } = loadCalendar(data);
    expect([calendar.provisionalYears('NSE'), calendar.provisionalYears('BSE')]).toEqual([[2027], []]);
    expect(await cli('calendar', 'load', shared, '--exchange', 'MCX', '--data', data)).toMatchObject({
      code: 1,
      err: 'legflow: the file has no MCX calendar (it has NSE, BSE)\n',
    });
  });

  it('refuses a malformed list with every problem and a non-zero exit, writing nothing', async () => {
    const data = tempDir();
    const bad = listFile('bad.csv', 'date,description\n26-Jan-2027,Republic Day\n30-Jan-2027,A Saturday\n26-Jan-2027,Again\n32-Jan-2027,Nope\n');
    const r = await cli('calendar', 'load', bad, '--exchange', 'NSE', '--data', data);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'legflow: The holiday list is not valid:\n  line 5: "32-Jan-2027" is not a date (write 26-Jan-2027 or 2027-01-26)\nNothing was written.\n',
    );
    const fixedDate = listFile('bad.csv', 'date,description\n26-Jan-2027,Republic Day\n30-Jan-2027,A Saturday\n26-Jan-2027,Again\n');
    expect((await cli('calendar', 'load', fixedDate, '--exchange', 'NSE', '--data', data)).err).toBe(
      'legflow: The holiday list is not valid:\n  2027-01-30 (A Saturday) is a Saturday: weekends are always closed, leave it out\n  2027-01-26 is listed twice\nNothing was written.\n',
    );
    expect((await cli('calendar', 'load', listFile('x.csv', '2027-01-26,Republic Day'), '--exchange', 'NSE', '--year', '2028', '--data', data)).err).toMatch(
      /is not in 2028/,
    );
    expect(existsSync(join(data, 'holidays.json'))).toBe(false);
  });

  it('says what is missing from the command line', async () => {
    const list = listFile('x.csv', '2027-01-26,Republic Day');
    expect(await cli('calendar', 'load', list)).toMatchObject({ code: 2, err: 'legflow: say whose list this is: --exchange NSE or --exchange BSE\n' });
    expect(await cli('calendar', 'load', list, '--exchange', 'NSE', '--year', '27')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--year must be a year such as 2027; got "27"/),
    });
    expect(await cli('calendar', 'load', '/nonexistent/list.csv', '--exchange', 'NSE')).toMatchObject({
      code: 1,
      err: 'legflow: holiday list file not found: /nonexistent/list.csv\n',
    });
    expect(await cli('calendar')).toMatchObject({ code: 2, err: expect.stringMatching(/usage: legflow calendar show/) });
  });

  it('refuses to build on a broken $LEGFLOW_DATA/holidays.json, naming it', async () => {
    const data = tempDir();
    writeFileSync(join(data, 'holidays.json'), '{"exchanges": {"NSE": {"holidays": []}}}');
    const r = await cli('calendar', 'load', listFile('x.csv', '2027-01-26,Republic Day'), '--exchange', 'NSE', '--data', data);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(data, 'holidays.json')} is not valid:\n  exchanges.NSE.years: list the years the holidays cover`);
  });
});
