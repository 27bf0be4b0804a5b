import { describe, expect, it } from 'vitest';
import { backtestJobSchema } from './backtest-schemas.ts';
import { storyJob, storyResult } from './story-data.ts';

// The stories show what the server sends: data its contract refuses would show results no trader sees.
describe('the backtest results’ story data', () => {
  it('is what the server’s contract accepts', () => {
    expect(backtestJobSchema.safeParse(storyJob).error).toBeUndefined();
  });

  it('adds up: the days and the trades make the summary’s money', () => {
    const sum = (xs: number[]) => xs.reduce((a, b) => a + Math.round(b * 100), 0) / 100;
    // 1525.00 − 912.50 + 0 = 612.50, from the days and from the trades alike.
    expect(sum(storyResult.days.map((d) => d.pnl))).toBe(612.5);
    expect(sum(storyResult.trades.map((t) => t.pnl))).toBe(612.5);
    expect(sum(storyResult.trades.map((t) => t.charges))).toBe(200);
    expect(storyResult.trades.map((t) => t.pnl)).toEqual([1250, 275, -1837.5, 925]);
  });
});
