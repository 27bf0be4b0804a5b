import { describe, expect, it } from 'vitest';
import { heatmap, shadeOf } from './calendar-heatmap.ts';
import { storyResult } from './story-data.ts';

const day = (date: string, pnl: number) => ({ date, trades: pnl === 0 ? 0 : 2, grossPnl: pnl, charges: 0, pnl });

describe('the day-wise P&L calendar', () => {
  it('shades a day by its sign and its size against the largest day, in four steps each way', () => {
    // Largest 1525.00: itself is 4; −912.50 is −ceil(4 × 912.50 / 1525.00) = −ceil(2.39) = −3; a flat day 0.
    expect(shadeOf(1525, 1525)).toBe(4);
    expect(shadeOf(-912.5, 1525)).toBe(-3);
    expect(shadeOf(0, 1525)).toBe(0);
    // A single paisa still shows as a gain (ceil(4 × 1 / 100000) = 1), never as flat.
    expect(shadeOf(0.01, 1000)).toBe(1);
    expect(shadeOf(-0.01, 1000)).toBe(-1);
  });

  it('lays the days out a column per week, Monday first, a holiday and the days after the range left blank', () => {
    const map = heatmap(storyResult.days);
    expect(map.rows).toEqual([1, 2, 3, 4, 5]);
    expect(map.weeks).toEqual([
      {
        monday: '2026-11-23',
        month: 'Nov 2026',
        cells: [
          { date: '2026-11-23', pnl: 1525, level: 4 },
          // Tue 24 Nov 2026 is an NSE holiday: not a day of the result.
          { date: '2026-11-24', pnl: null, level: 0 },
          { date: '2026-11-25', pnl: -912.5, level: -3 },
          { date: '2026-11-26', pnl: 0, level: 0 },
          { date: '2026-11-27', pnl: null, level: 0 },
        ],
      },
    ]);
  });

  it('adds a weekend row only for a weekend session, and labels each new month’s first column', () => {
    // Sunday 1 Feb 2026 (a budget-day session) between Fri 30 Jan and Mon 2 Feb; the largest day is 100.00.
    const map = heatmap([day('2026-02-02', 25), day('2026-01-30', 100), day('2026-02-01', -50)]);
    expect(map.rows).toEqual([1, 2, 3, 4, 5, 0]);
    expect(map.weeks.map((w) => [w.monday, w.month])).toEqual([
      ['2026-01-26', 'Jan 2026'],
      ['2026-02-02', 'Feb 2026'],
    ]);
    // 100 → 4; −50 → −ceil(2) = −2; 25 → ceil(1) = 1.
    expect(map.weeks[0]!.cells.filter((c) => c.pnl !== null)).toEqual([
      { date: '2026-01-30', pnl: 100, level: 4 },
      { date: '2026-02-01', pnl: -50, level: -2 },
    ]);
    expect(map.weeks[1]!.cells[0]).toEqual({ date: '2026-02-02', pnl: 25, level: 1 });
  });

  it('has no column for a result with no day', () => {
    expect(heatmap([]).weeks).toEqual([]);
  });
});
