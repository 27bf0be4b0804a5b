import { describe, expect, it } from 'vitest';
import { appendPoint, markersOn, MAX_POINTS, type Point } from './series.ts';

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
    const signal = (id: string, seconds: number, action: string) => ({ id, source: 'tradingview', channel: 'c', action, status: 'completed', receivedAt: new Date(seconds * 1000).toISOString() });
    // The API lists signals newest first.
    expect(markersOn(line, [signal('c', 35, 'EXIT'), signal('b', 25, 'ENTRY'), signal('a', 5, 'ENTRY')])).toEqual([
      { time: 20, action: 'ENTRY', source: 'tradingview' },
      { time: 30, action: 'EXIT', source: 'tradingview' },
    ]);
    expect(markersOn([], [signal('a', 5, 'ENTRY')])).toEqual([]);
  });
});
