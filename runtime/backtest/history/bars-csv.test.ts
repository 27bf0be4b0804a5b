import { describe, expect, it } from 'vitest';
import { MarketError } from '../../market/market-error.ts';
import { istToMs } from '../../time.ts';
import { readBarsCsv } from './bars-csv.ts';

describe('readBarsCsv', () => {
  it('reads a datetime column as IST, in any column order and case, bars sorted by time', () => {
    const file = readBarsCsv(
      ['Volume,DateTime,Open,High,Low,Close,OI', '1200,2026-11-25 09:16,26010,26030,26000,26025.5,', '900,2026-11-25 09:15,26000,26012,25990,26010,5000'].join(
        '\n',
      ),
      { symbol: 'NIFTY' },
    );
    expect(file.problems).toEqual([]);
    expect(file.rows).toBe(2);
    expect(file.bars).toEqual({
      NIFTY: [
        { time: istToMs('2026-11-25', '09:15'), open: 26000, high: 26012, low: 25990, close: 26010, volume: 900, oi: 5000 },
        { time: istToMs('2026-11-25', '09:16'), open: 26010, high: 26030, low: 26000, close: 26025.5, volume: 1200, oi: null },
      ],
    });
  });

  it('takes date + time columns, a timestamp with its own zone, epoch seconds, and a symbol column', () => {
    const byDate = readBarsCsv('date,time,o,h,l,c\n2026/11/25,9:15,1,2,1,2\n20261125,09:16:30,1,2,1,2', { symbol: 'NIFTY' });
    expect(byDate.bars.NIFTY!.map((b) => b.time)).toEqual([istToMs('2026-11-25', '09:15'), istToMs('2026-11-25', '09:16:30')]);
    expect(byDate.bars.NIFTY![0]!.volume).toBeNull();

    const zoned = readBarsCsv('symbol,timestamp,open,high,low,close,volume\nnifty,2026-11-25T03:45:00Z,1,2,1,2,0\nBANKNIFTY,1795649700,1,2,1,2,0');
    expect(Object.keys(zoned.bars)).toEqual(['BANKNIFTY', 'NIFTY']);
    expect(zoned.bars.NIFTY![0]!.time).toBe(istToMs('2026-11-25', '09:15'));
    expect(zoned.bars.BANKNIFTY![0]!.time).toBe(1_795_649_700_000);
  });

  it('reads times without a zone in the zone the caller names: America/New_York (with daylight saving) or an offset', () => {
    const text = 'datetime,open,high,low,close,volume\n2021-01-04 09:31,1,2,1,2,0\n2021-07-06 09:31,1,2,1,2,0';
    const ny = readBarsCsv(text, { symbol: 'SPX', zone: 'America/New_York' });
    // EST (UTC−5) in January, EDT (UTC−4) in July.
    expect(ny.bars.SPX!.map((b) => new Date(b.time).toISOString())).toEqual(['2021-01-04T14:31:00.000Z', '2021-07-06T13:31:00.000Z']);
    const fixed = readBarsCsv(text, { symbol: 'SPX', zone: '-05:00' });
    expect(fixed.bars.SPX!.map((b) => new Date(b.time).toISOString())).toEqual(['2021-01-04T14:31:00.000Z', '2021-07-06T14:31:00.000Z']);
    expect(() => readBarsCsv(text, { symbol: 'SPX', zone: 'Asia/Kolkatta' })).toThrow(/"Asia\/Kolkatta" is not a time zone/);
  });

  it('reports every row that is not a sane bar with its line and why, and keeps the rest', () => {
    const text = [
      'datetime,open,high,low,close,volume',
      '2026-11-25 09:15,100,110,90,105,10',
      '2026-11-31 09:16,100,110,90,105,10',
      '2026-11-25 09:17,100,110,90,,10',
      '2026-11-25 09:18,100,95,90,92,10',
      '2026-11-25 09:19,100,110,101,105,10',
      '2026-11-25 09:20,0,0,0,0,10',
      '2026-11-25 09:21,100,110,90,105,-3',
      '2026-11-25 09:22,100,110,90',
      '2026-11-25 09:23,100,110,95,115,10',
      '"2026-11-25 09:24,100,110,90,105,10',
    ].join('\n');
    const file = readBarsCsv(text, { symbol: 'NIFTY' });
    expect(file.bars.NIFTY).toHaveLength(1);
    expect(file.problems).toEqual([
      { line: 3, message: '"2026-11-31 09:16" is not a date and time' },
      { line: 4, message: 'close "" is not a number' },
      { line: 5, message: "open 100 is outside the bar's low 90 and high 95" },
      { line: 6, message: "open 100 is outside the bar's low 101 and high 110" },
      { line: 7, message: 'open 0 is not a price above 0' },
      { line: 8, message: 'volume "-3" is not a whole number of 0 or more' },
      { line: 9, message: '4 cells where the header has 6' },
      { line: 10, message: "close 115 is outside the bar's low 95 and high 110" },
      { line: 11, message: 'a quote is opened and never closed' },
    ]);
    expect(file.rows).toBe(file.bars.NIFTY!.length + file.problems.length + file.duplicates.length);
  });

  it('reports a second bar at the same time as a duplicate, keeping the first in the file', () => {
    const file = readBarsCsv('datetime,open,high,low,close\n2026-11-25 09:16,1,2,1,2\n2026-11-25 09:15,5,6,5,6\n2026-11-25 09:15,7,8,7,8', { symbol: 'NIFTY' });
    expect(file.bars.NIFTY!.map((b) => b.close)).toEqual([6, 2]);
    expect(file.duplicates).toEqual([{ line: 4, firstLine: 3, symbol: 'NIFTY', time: '2026-11-25T03:45:00.000Z' }]);
  });

  it('refuses a file it cannot read at all, saying what the header needs', () => {
    const refusal = (text: string, symbol?: string) => {
      try {
        readBarsCsv(text, symbol === undefined ? {} : { symbol });
      } catch (err) {
        expect(err).toBeInstanceOf(MarketError);
        return (err as MarketError).message;
      }
      throw new Error('not refused');
    };
    expect(refusal('')).toMatch(/empty/);
    expect(refusal('open,high,low,close\n1,2,1,2', 'NIFTY')).toMatch(/names no time/);
    expect(refusal('datetime,open,high,close\n', 'NIFTY')).toMatch(/no low column/);
    expect(refusal('datetime,open,high,low,close\n')).toMatch(/no symbol column/);
  });

  it("reads a date alone as a daily bar at the day's midnight, in the file's zone", () => {
    const file = readBarsCsv('Date,Open,High,Low,Close\n2026-11-24,13,13,11,12\n20261125,12,21,12,20\n', { symbol: 'INDIAVIX' });
    // Midnight IST is 18:30 UTC the day before.
    expect(file.bars.INDIAVIX!.map((b) => [new Date(b.time).toISOString(), b.close])).toEqual([
      ['2026-11-23T18:30:00.000Z', 12],
      ['2026-11-24T18:30:00.000Z', 20],
    ]);
    expect(file.problems).toEqual([]);
  });
});
