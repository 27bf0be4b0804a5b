import { describe, expect, it } from 'vitest';
import { toPaise } from '../money.ts';
import { SeededRandom } from '../market/random.ts';
import { addDays, istToMs } from '../time.ts';
import { dailyCurves, exitCurves } from './curves.ts';
import { maxDrawdownPaise, summarize, type DayMoney } from './stats.ts';

function day(date: string, net: number, trades: number): DayMoney {
  return { date, netPaise: toPaise(net), trades };
}

describe('the daily equity and drawdown curves', () => {
  // The days of stats.test.ts, on ₹1,00,000.
  const DAYS = [day('2026-11-16', 1420, 2), day('2026-11-17', -840, 1), day('2026-11-18', 0, 0), day('2026-11-19', -440, 3), day('2026-11-20', 1450, 1)];
  const CAPITAL = toPaise(100_000);

  it('adds each day’s net P&L to the capital and measures the fall from the running high', () => {
    const { equity, drawdown } = dailyCurves(DAYS, CAPITAL);
    // 1,00,000 + 1,420 = 1,01,420 (high) → 1,00,580 → 1,00,580 → 1,00,140 → 1,01,590 (new high).
    expect(equity).toEqual([
      { date: '2026-11-16', equity: 101420 },
      { date: '2026-11-17', equity: 100580 },
      { date: '2026-11-18', equity: 100580 },
      { date: '2026-11-19', equity: 100140 },
      { date: '2026-11-20', equity: 101590 },
    ]);
    // Below 1,01,420: 840 (840 ÷ 1,01,420 = 0.828 % → 0.83) and 1,280 (1.262 % → 1.26).
    expect(drawdown).toEqual([
      { date: '2026-11-16', drawdown: 0, drawdownPct: 0 },
      { date: '2026-11-17', drawdown: 840, drawdownPct: 0.83 },
      { date: '2026-11-18', drawdown: 840, drawdownPct: 0.83 },
      { date: '2026-11-19', drawdown: 1280, drawdownPct: 1.26 },
      { date: '2026-11-20', drawdown: 0, drawdownPct: 0 },
    ]);
  });

  it('has the summary’s max drawdown as its deepest point (in ₹; the summary’s % is of the capital, the curve’s of the high)', () => {
    const deepest = Math.max(...dailyCurves(DAYS, CAPITAL).drawdown.map((p) => toPaise(p.drawdown)));
    expect(deepest).toBe(maxDrawdownPaise(DAYS, CAPITAL));
    const summary = summarize([], DAYS, CAPITAL);
    expect(deepest).toBe(toPaise(summary.maxDrawdown));
    // 1,280 is 1.28 % of the 1,00,000 capital, 1.26 % of the 1,01,420 high.
    expect(summary.maxDrawdownPct).toBe(1.28);
  });

  it('agrees with the summary’s max drawdown over a year of seeded days, to the paisa', () => {
    const random = new SeededRandom(14);
    // 250 days of −₹5,000.00 to +₹5,000.00 in whole paise, on ₹50,000: deep falls and new highs both happen.
    const days = Array.from({ length: 250 }, (_, i) => ({
      date: addDays('2026-01-01', i),
      trades: 1,
      netPaise: Math.floor(random.next() * 1_000_001) - 500_000,
    }));
    const capital = toPaise(50_000);
    const { equity, drawdown } = dailyCurves(days, capital);
    expect(maxDrawdownPaise(days, capital)).toBeGreaterThan(toPaise(5_000)); // a fall the check can miss
    expect(Math.max(...drawdown.map((p) => toPaise(p.drawdown)))).toBe(maxDrawdownPaise(days, capital));
    expect(toPaise(equity.at(-1)!.equity)).toBe(capital + days.reduce((sum, d) => sum + d.netPaise, 0));
  });

  it('counts the capital as the first high, so a first losing day is a drawdown', () => {
    // 10,000 − 500 = 9,500: 500 below the capital, 5 %.
    expect(dailyCurves([day('2026-11-16', -500, 1)], toPaise(10_000)).drawdown).toEqual([{ date: '2026-11-16', drawdown: 500, drawdownPct: 5 }]);
  });
});

describe('the curves by exit', () => {
  const at = (date: string, time: string) => istToMs(date, time);
  const exit = (date: string, time: string, net: number) => ({ exitMs: at(date, time), netPaise: toPaise(net) });
  const TRADES = [
    exit('2026-11-16', '09:30', -300), // two legs closed at one moment: one point of −300 + 100 = −200
    exit('2026-11-16', '09:30', 100),
    exit('2026-11-16', '11:00', -300.6),
    exit('2026-11-16', '14:00', 700.6),
    exit('2026-11-17', '10:00', -400),
  ];
  const CAPITAL = toPaise(10_000);

  it('gives one time-stamped point per exit time, exits at the same moment merged', () => {
    const { equity, drawdown } = exitCurves(TRADES, CAPITAL);
    // 10,000 − 200 = 9,800 → 9,499.40 → 10,200 (new high) → 9,800. IST 09:30 is 04:00 UTC.
    expect(equity).toEqual([
      { date: '2026-11-16', time: '2026-11-16T04:00:00.000Z', equity: 9800 },
      { date: '2026-11-16', time: '2026-11-16T05:30:00.000Z', equity: 9499.4 },
      { date: '2026-11-16', time: '2026-11-16T08:30:00.000Z', equity: 10200 },
      { date: '2026-11-17', time: '2026-11-17T04:30:00.000Z', equity: 9800 },
    ]);
    // Below 10,000: 200 (2 %), 500.60 (5.006 % → 5.01); below 10,200: 400 (3.9215… % → 3.92).
    expect(drawdown.map((p) => [p.drawdown, p.drawdownPct])).toEqual([
      [200, 2],
      [500.6, 5.01],
      [0, 0],
      [400, 3.92],
    ]);
  });

  it('shows a fall inside a day that the daily curve, at the closes, does not', () => {
    // Day 1 nets −200 − 300.60 + 700.60 = +200 (a new high at the close), day 2 −400.
    const daily = dailyCurves([day('2026-11-16', 200, 4), day('2026-11-17', -400, 1)], CAPITAL);
    expect(daily.drawdown.map((p) => p.drawdown)).toEqual([0, 400]);
    expect(Math.max(...exitCurves(TRADES, CAPITAL).drawdown.map((p) => p.drawdown))).toBe(500.6);
  });
});
