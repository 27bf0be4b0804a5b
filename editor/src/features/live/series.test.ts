import { describe, expect, it } from 'vitest';
import type { SignalRow } from '../deployments/deployment-schemas.ts';
import { appendPoint, historyLines, markersOn, mergePoints, MAX_POINTS, type Point } from './series.ts';

describe('live lines', () => {
  it('keep one point a second in time order, and at most an hour of them', () => {
    const line: Point[] = [];
    appendPoint(line, 10_000, 1);
    appendPoint(line, 10_900, 2);
    appendPoint(line, 9_000, 3);
    appendPoint(line, 11_000, 4);
    expect(line).toEqual([
      { time: 10, value: 2 },
      { time: 11, value: 4 },
    ]);
    for (let s = 12; s < 12 + MAX_POINTS; s++) appendPoint(line, s * 1000, s);
    expect(line).toHaveLength(MAX_POINTS);
    expect(line[0]!.time).toBe(12);
  });

  it('put each signal on the point at or before its arrival, oldest first, leaving out earlier ones', () => {
    const line = [10, 20, 30].map((time) => ({ time, value: time }));
    const signal = (id: string, seconds: number, action: string): SignalRow => {
      const at = new Date(seconds * 1000).toISOString();
      return { id, source: 'tradingview', channel: 'c', action, status: 'completed', receivedAt: at, marketAt: at };
    };
    // The API lists signals newest first.
    expect(markersOn(line, [signal('c', 35, 'EXIT'), signal('b', 25, 'ENTRY'), signal('a', 5, 'ENTRY')])).toEqual([
      { time: 20, action: 'ENTRY', source: 'tradingview' },
      { time: 30, action: 'EXIT', source: 'tradingview' },
    ]);
    expect(markersOn([], [signal('a', 5, 'ENTRY')])).toEqual([]);
  });

  it('place a signal by the market’s clock, not the wall clock it arrived by (a replayed SIM day is not the wall clock)', () => {
    const line = [10, 20, 30].map((time) => ({ time, value: time }));
    // Arrived on the wall clock days later, at 21 s on the market's time line.
    const replayed: SignalRow = {
      id: 'r',
      source: 'manual',
      channel: 'c',
      action: 'ENTRY',
      status: 'completed',
      receivedAt: new Date(9e12).toISOString(),
      marketAt: new Date(21_000).toISOString(),
    };
    expect(markersOn(line, [replayed])).toEqual([{ time: 20, action: 'ENTRY', source: 'manual' }]);
  });

  it('take the server’s history as lines: premium from the first held leg, 0 once none is held', () => {
    const lines = historyLines({ time: [1_000, 2_000, 3_000, 4_000], spot: [100, 101, 102, 103], premium: [null, 250.5, 248, null], mtm: [0, -20, 142, 130] });
    expect(lines.spot.map((p) => p.time)).toEqual([1, 2, 3, 4]);
    expect(lines.premium).toEqual([
      { time: 2, value: 250.5 },
      { time: 3, value: 248 },
      { time: 4, value: 0 },
    ]);
    expect(lines.mtm.map((p) => p.value)).toEqual([0, -20, 142, 130]);
  });

  it('join history with live points: the live one wins a shared second, gaps fill in, time order kept', () => {
    const pts = (...pairs: Array<[number, number]>) => pairs.map(([time, value]) => ({ time, value }));
    expect(mergePoints(pts([3, 30], [6, 60]), pts([1, 1], [2, 2], [3, 3], [5, 5]))).toEqual(pts([1, 1], [2, 2], [3, 30], [5, 5], [6, 60]));
    const long = Array.from({ length: MAX_POINTS }, (_, i) => ({ time: i, value: i }));
    const merged = mergePoints(pts([MAX_POINTS, 0]), long);
    expect([merged.length, merged[0]!.time, merged[merged.length - 1]!.time]).toEqual([MAX_POINTS, 1, MAX_POINTS]);
  });
});
