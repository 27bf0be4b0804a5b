import { describe, expect, it } from 'vitest';
import type { SignalListener } from '../sample-signal.ts';
import { istToMs } from '../time.ts';
import { BacktestError } from './backtest-error.ts';
import { readSignalsFile } from './signals-file.ts';
import { parseSignalTime } from './signal-time.ts';

/** A graph with a TradingView source on channel nifty-straddle, as the short-straddle template has. */
const HEARD: SignalListener[] = [{ source: 'tradingview', channel: 'nifty-straddle' }];

describe('signal times', () => {
  it('reads IST wall clock without a zone and ISO times with one', () => {
    expect(parseSignalTime('2026-11-25 10:00')).toBe(istToMs('2026-11-25', '10:00'));
    expect(parseSignalTime('2026-11-25T10:00:30')).toBe(istToMs('2026-11-25', '10:00:30'));
    expect(parseSignalTime('2026-11-25T04:30:00Z')).toBe(istToMs('2026-11-25', '10:00'));
    expect(parseSignalTime('2026-11-25T10:00:00+05:30')).toBe(istToMs('2026-11-25', '10:00'));
    expect(parseSignalTime('2026-11-25T10:00:00+0530')).toBe(istToMs('2026-11-25', '10:00'));
    expect(parseSignalTime('2026-11-25T00:30:00.250-04:00')).toBe(istToMs('2026-11-25', '10:00') + 250);
  });

  it('refuses what is not a time, and impossible dates instead of rolling them over', () => {
    for (const bad of ['', 'tomorrow', '2026-11-31 10:00', '2026-02-29 10:00', '2026-11-25 24:00', '2026-11-25', '25-11-2026 10:00', '2026-11-25 10:00Z']) {
      expect(parseSignalTime(bad), bad).toBeUndefined();
    }
    expect(parseSignalTime('2028-02-29 10:00')).toBe(istToMs('2028-02-29', '10:00'));
  });
});

describe('a plain CSV signals file', () => {
  it('gives signals in time order on the graph’s channel and source, with extra columns as data', () => {
    const file = readSignalsFile(
      ['time,action,price,reason', '2026-11-25 11:00,exit,26010.5,target', '2026-11-25T04:00:00Z,ENTRY,25990,', ''].join('\n'),
      HEARD,
    );
    expect(file).toMatchObject({ format: 'plain', rows: 2, problems: [] });
    expect(file.signals).toEqual([
      expect.objectContaining({
        id: 'line-3',
        action: 'ENTRY',
        channel: 'nifty-straddle',
        source: 'tradingview',
        price: 25990,
        receivedAt: '2026-11-25T04:00:00.000Z',
        data: {},
      }),
      expect.objectContaining({ id: 'line-2', action: 'EXIT', price: 26010.5, receivedAt: '2026-11-25T05:30:00.000Z', data: { reason: 'target' } }),
    ]);
  });

  it('keeps a channel the row names, and the file’s order for signals at the same time', () => {
    const file = readSignalsFile('time,action,channel\n2026-11-25 10:00,EXIT,other\n2026-11-25 10:00,ENTRY,\n', HEARD);
    expect(file.signals.map((s) => [s.action, s.channel])).toEqual([
      ['EXIT', 'other'],
      ['ENTRY', 'nifty-straddle'],
    ]);
  });

  it('reports every row that is not a signal with its line number, and keeps the rest', () => {
    const text = [
      'time,action,price',
      '2026-11-25 10:00,ENTRY,25990',
      'yesterday,ENTRY,1',
      '',
      '2026-11-25 10:05,,1',
      '2026-11-25 10:10,EXIT,abc',
      '2026-11-25 10:15,EXIT,1,extra',
      '"2026-11-25 10:20,EXIT',
      '2026-11-25 10:30,EXIT,26000',
    ].join('\n');
    const file = readSignalsFile(text, HEARD);
    expect(file.rows).toBe(7);
    expect(file.signals.map((s) => s.id)).toEqual(['line-2', 'line-9']);
    expect(file.problems).toEqual([
      { line: 3, message: expect.stringContaining('"yesterday" is not a time') },
      { line: 5, message: 'no action: write ENTRY, EXIT or another word the graph routes on' },
      { line: 6, message: 'not a valid signal: price must be a number' },
      { line: 7, message: '4 cells, but the header names 3 columns' },
      { line: 8, message: 'a quote opened on this line is never closed' },
    ]);
  });

  it('refuses a file without a header naming time and action, or an empty one', () => {
    expect(() => readSignalsFile('2026-11-25 10:00,ENTRY\n', HEARD)).toThrow(BacktestError);
    expect(() => readSignalsFile('when,what\n', HEARD)).toThrow(/must name a "time" and an "action" column/);
    expect(() => readSignalsFile('\n\n', HEARD)).toThrow(/empty/);
    expect(() => readSignalsFile('time,action,Action\n', HEARD)).toThrow(/names "action" twice/);
  });
});

describe('TradingView’s "List of trades" export', () => {
  /** As the Strategy Tester writes it: newest trade first, each trade's exit row above its entry row. */
  const EXPORT = [
    'Trade #,Type,Date/Time,Signal,Price INR,Position size (qty),Position size (value),Net P&L INR,Net P&L %',
    '3,Exit short,2026-11-25 14:15,Open,25870,1,25870,12,0.05',
    '3,Entry short,2026-11-25 13:15,Short,25882,1,25882,12,0.05',
    '2,Exit long,2026-11-25 13:15,Close entry(s) order Long,25880.5,1,25880.5,-20,-0.08',
    '2,Entry long,2026-11-25 11:00,Long,25900.5,1,25900.5,-20,-0.08',
    '1,Exit long,2026-11-25 10:30,TP,25950,1,25950,50,0.19',
    '1,Entry long,2026-11-25 09:30,Long,25900,1,25900,50,0.19',
  ].join('\n');

  it('reads entries as ENTRY and exits as EXIT in time order, a reversal’s exit before its new entry', () => {
    const file = readSignalsFile(EXPORT, HEARD);
    expect(file.format).toBe('tradingview-trades');
    expect(file.signals.map((s) => [s.action, s.receivedAt, s.price, s.data.direction, s.data.trade])).toEqual([
      ['ENTRY', new Date(istToMs('2026-11-25', '09:30')).toISOString(), 25900, 'long', 1],
      ['EXIT', new Date(istToMs('2026-11-25', '10:30')).toISOString(), 25950, 'long', 1],
      ['ENTRY', new Date(istToMs('2026-11-25', '11:00')).toISOString(), 25900.5, 'long', 2],
      ['EXIT', new Date(istToMs('2026-11-25', '13:15')).toISOString(), 25880.5, 'long', 2],
      ['ENTRY', new Date(istToMs('2026-11-25', '13:15')).toISOString(), 25882, 'short', 3],
    ]);
    expect(file.signals[1]).toMatchObject({ source: 'tradingview', channel: 'nifty-straddle', data: { signal: 'TP', contracts: 1 } });
  });

  it('reports the exit row of a trade still open, and rows it cannot read, by line', () => {
    const file = readSignalsFile(`${EXPORT}\nx,Entry long,2026-11-25 09:15,Long,1\n4,Buy,2026-11-25 09:15,Long,1\n5,Entry long,soon,Long,1`, HEARD);
    expect(file.rows).toBe(9);
    expect(file.problems).toEqual([
      { line: 2, message: "trade 3 is still open in TradingView: its exit row is the chart's last bar, not an exit" },
      { line: 8, message: '"x" is not a trade number' },
      { line: 9, message: '"Buy" is not a trade type (Entry long, Exit long, Entry short or Exit short)' },
      { line: 10, message: expect.stringContaining('"soon" is not a time') },
    ]);
  });

  it('reads the newer "Date and time" header too, and refuses an export without a time column', () => {
    const file = readSignalsFile('Trade #,Type,Date and time,Signal,Price USD\n1,Entry long,2026-11-25 09:30,Long,100\n', HEARD);
    expect(file.signals).toEqual([
      expect.objectContaining({ action: 'ENTRY', price: 100, receivedAt: new Date(istToMs('2026-11-25', '09:30')).toISOString() }),
    ]);
    expect(() => readSignalsFile('Trade #,Type,Signal\n1,Entry long,Long\n', HEARD)).toThrow(/no "Date\/Time" \(or "Date and time"\) column/);
  });
});
