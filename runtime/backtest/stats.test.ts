import { describe, expect, it } from 'vitest';
import { toPaise } from '../money.ts';
import { maxDrawdownPaise, summarize, type DayMoney, type TradeMoney } from './stats.ts';

/** A trade from rupees: gross and charges, net = gross − charges. */
function trade(gross: number, charges: number): TradeMoney {
  return { grossPaise: toPaise(gross), chargesPaise: toPaise(charges), netPaise: toPaise(gross) - toPaise(charges) };
}
function day(date: string, net: number, trades: number): DayMoney {
  return { date, netPaise: toPaise(net), trades };
}

/**
 * Seven trades over five trading days, on ₹1,00,000 of capital. Net of charges, in exit order:
 *   T1 +1,000 − 40 = +960    T2 +500 − 40 = +460    T3 −800 − 40 = −840    T4 −300 − 20 = −320
 *   T5 −100 − 20 = −120      T6 +20 − 20 = 0 (neither win nor loss)        T7 +1,500 − 50 = +1,450
 * Days: D1 T1+T2 = +1,420 · D2 T3 = −840 · D3 no trade = 0 · D4 T4+T5+T6 = −440 · D5 T7 = +1,450.
 */
const TRADES = [trade(1000, 40), trade(500, 40), trade(-800, 40), trade(-300, 20), trade(-100, 20), trade(20, 20), trade(1500, 50)];
const DAYS = [day('2026-11-16', 1420, 2), day('2026-11-17', -840, 1), day('2026-11-18', 0, 0), day('2026-11-19', -440, 3), day('2026-11-20', 1450, 1)];
const CAPITAL = toPaise(100_000);

describe('backtest statistics, worked by hand', () => {
  const s = summarize(TRADES, DAYS, CAPITAL);

  it('adds up gross, charges and net in paise', () => {
    // gross 1000 + 500 − 800 − 300 − 100 + 20 + 1500 = 1,820; charges 40+40+40+20+20+20+50 = 230; net 1,590.
    expect([s.grossPnl, s.charges, s.netPnl]).toEqual([1820, 230, 1590]);
  });

  it('counts wins and losses on net P&L, a trade at 0 being neither', () => {
    // Wins T1, T2, T7; losses T3, T4, T5; 3 of 7 = 42.857… % → 42.86.
    expect([s.trades, s.wins, s.losses, s.winRate]).toEqual([7, 3, 3, 42.86]);
  });

  it('averages wins, losses and all trades to the paisa, and divides wins by losses for the profit factor', () => {
    // Average win (960 + 460 + 1,450) ÷ 3 = 956.666… → 956.67; average loss (−840 − 320 − 120) ÷ 3 = −426.666… → −426.67;
    // expectancy 1,590 ÷ 7 = 227.142… → 227.14; profit factor 2,870 ÷ 1,280 = 2.2421875 → 2.2422.
    expect([s.averageWin, s.averageLoss, s.expectancy, s.profitFactor]).toEqual([956.67, -426.67, 227.14, 2.2422]);
  });

  it('finds the longest runs of wins and of losses in exit order', () => {
    // W W L L L 0 W: two wins (T1, T2), three losses (T3–T5); the 0 ends a run.
    expect([s.maxConsecutiveWins, s.maxConsecutiveLosses]).toEqual([2, 3]);
  });

  it('measures the drawdown on the daily equity curve, in rupees and % of capital', () => {
    // Equity 1,00,000 → 1,01,420 (high) → 1,00,580 → 1,00,580 → 1,00,140 → 1,01,590: the deepest fall is
    // 1,01,420 − 1,00,140 = 1,280, 1.28 % of the capital.
    expect([s.maxDrawdown, s.maxDrawdownPct]).toEqual([1280, 1.28]);
  });

  it('computes daily Sharpe and Sortino over every trading day of the range', () => {
    // r = [0.0142, −0.0084, 0, −0.0044, 0.0145], mean 0.0159 ÷ 5 = 0.00318.
    // Sharpe: squared deviations 0.01102² + 0.01158² + 0.00318² + 0.00758² + 0.01132² = 0.000451248; ÷ 4 =
    //   0.000112812; √ = 0.0106213; 0.00318 ÷ 0.0106213 = 0.29940 → 0.2994.
    // Sortino: (0.0084² + 0.0044²) ÷ 5 = 0.00008992 ÷ 5 = 0.000017984; √ = 0.0042408; 0.00318 ÷ 0.0042408 = 0.74987 → 0.7499.
    expect([s.sharpe, s.sortino]).toEqual([0.2994, 0.7499]);
  });

  it('counts the trading days and the days on which a trade exited', () => {
    expect([s.tradingDays, s.daysTraded]).toEqual([5, 4]);
  });
});

describe('backtest statistics at the edges', () => {
  it('gives null, not 0 or Infinity, for what has no value', () => {
    const none = summarize([], [day('2026-11-16', 0, 0)], CAPITAL);
    expect(none).toMatchObject({
      trades: 0,
      winRate: null,
      averageWin: null,
      averageLoss: null,
      expectancy: null,
      profitFactor: null,
      sharpe: null,
      sortino: null,
      maxDrawdown: 0,
      daysTraded: 0,
    });
    // Only wins: no losing trade for the profit factor, no losing day for the Sortino; two equal days: no spread for the Sharpe.
    const wins = summarize([trade(100, 0), trade(100, 0)], [day('2026-11-16', 100, 1), day('2026-11-17', 100, 1)], CAPITAL);
    expect([wins.profitFactor, wins.sortino, wins.sharpe, wins.winRate]).toEqual([null, null, null, 100]);
  });

  it('counts the starting capital as the first high, so a first losing day is a drawdown', () => {
    // 10,000 → 9,500 → 9,700: the fall is 500 from the capital itself, 5 % of it.
    const days = [day('2026-11-16', -500, 1), day('2026-11-17', 200, 1)];
    expect(maxDrawdownPaise(days, toPaise(10_000))).toBe(toPaise(500));
    expect(summarize([trade(-500, 0), trade(200, 0)], days, toPaise(10_000)).maxDrawdownPct).toBe(5);
  });

  it('rounds a mean of half a paisa away from zero', () => {
    // Losses −1.01 and −1.00: mean −100.5 paise → −101 → −₹1.01 (Math.round alone would give −1.00).
    expect(summarize([trade(-1.01, 0), trade(-1, 0)], [], CAPITAL).averageLoss).toBe(-1.01);
  });
});
