import { describe, expect, it } from 'vitest';
import { istToMs } from '../../time.ts';
import { readAmiBrokerBars } from './amibroker-bars.ts';

describe('readAmiBrokerBars', () => {
  it('reads SYMBOL,YYYYMMDD,HH:MM,O,H,L,C with optional volume and open interest, per symbol in time order', () => {
    const file = readAmiBrokerBars(
      [
        'NIFTY,20261125,09:16,26010,26030,26000,26025,1200,5100',
        'nifty,20261125,09:15,26000,26012,25990,26010',
        'BANKNIFTY,20261125,09:15,59000,59100,58950,59050,300',
      ].join('\r\n'),
    );
    expect(file.format).toBe('amibroker');
    expect(file.problems).toEqual([]);
    expect(file.bars).toEqual({
      BANKNIFTY: [{ time: istToMs('2026-11-25', '09:15'), open: 59000, high: 59100, low: 58950, close: 59050, volume: 300, oi: null }],
      NIFTY: [
        { time: istToMs('2026-11-25', '09:15'), open: 26000, high: 26012, low: 25990, close: 26010, volume: null, oi: null },
        { time: istToMs('2026-11-25', '09:16'), open: 26010, high: 26030, low: 26000, close: 26025, volume: 1200, oi: 5100 },
      ],
    });
  });

  it('reads the times in the zone the caller names', () => {
    const file = readAmiBrokerBars('SPX,20210104,09:31,3700,3710,3695,3705', { zone: 'America/New_York' });
    expect(new Date(file.bars.SPX![0]!.time).toISOString()).toBe('2021-01-04T14:31:00.000Z');
  });

  it('reports a header line, a bad date or time, too few cells and an insane bar by line; duplicates apart', () => {
    const file = readAmiBrokerBars(
      [
        'Ticker,Date,Time,Open,High,Low,Close,Volume',
        'NIFTY,20261125,09:15,100,110,90,105,10',
        'NIFTY,2026-11-25,09:16,100,110,90,105',
        'NIFTY,20261125,9.17,100,110,90,105',
        'NIFTY,20261125,09:18,100,110,90',
        'NIFTY,20261125,09:19,100,110,120,105',
        ',20261125,09:20,100,110,90,105',
        'NIFTY,20261125,09:15,100,110,90,106,12',
      ].join('\n'),
    );
    expect(file.problems).toEqual([
      { line: 1, message: '"Date Time" is not a date YYYYMMDD and a time HH:MM' },
      { line: 3, message: '"2026-11-25 09:16" is not a date YYYYMMDD and a time HH:MM' },
      { line: 4, message: '"20261125 9.17" is not a date YYYYMMDD and a time HH:MM' },
      { line: 5, message: '6 cells: a bar is SYMBOL,YYYYMMDD,HH:MM,open,high,low,close, then volume and open interest if any' },
      { line: 6, message: 'low 120 is above high 110' },
      { line: 7, message: 'the symbol is empty' },
    ]);
    expect(file.duplicates).toEqual([{ line: 8, firstLine: 2, symbol: 'NIFTY', time: '2026-11-25T03:45:00.000Z' }]);
    expect(file.bars.NIFTY!.map((b) => b.close)).toEqual([105]);
    expect(file.rows).toBe(8);
  });
});
