import { describe, expect, it } from 'vitest';
import { TradingCalendar } from '../market/calendar.ts';
import { Instruments } from '../market/instruments.ts';
import { toPaise } from '../money.ts';
import { istToMs } from '../time.ts';
import type { DayMoney } from './stats.ts';
import { dteTable, monthYearTable, tradingDaysToExpiry, weekdayTable, type DteTrade } from './tables.ts';

function day(date: string, net: number, trades: number): DayMoney {
  return { date, netPaise: toPaise(net), trades };
}

describe('the month × year table', () => {
  it('adds each month’s days in paise, shows a month without a trading day as null and a flat month as 0', () => {
    const days = [
      day('2025-12-30', 1000.5, 2),
      day('2025-12-31', -200.25, 1),
      day('2026-01-02', 0, 0),
      day('2026-01-05', 0.1, 1),
      day('2026-01-06', 0.2, 1),
      day('2026-01-07', 1234.05, 1),
      day('2026-02-02', 0, 0),
    ];
    // Dec 2025: 1,000.50 − 200.25 = 800.25. Jan 2026: 0.10 + 0.20 + 1,234.05 = 1,234.35 (10 + 20 + 1,23,405 paise;
    // in floats 0.1 + 0.2 alone is 0.30000000000000004). Feb 2026: a trading day without a trade = 0.
    expect(monthYearTable(days)).toEqual([
      { year: 2025, months: [...Array(11).fill(null), 800.25], total: 800.25 },
      { year: 2026, months: [1234.35, 0, ...Array(10).fill(null)], total: 1234.35 },
    ]);
  });

  it('is empty without days', () => {
    expect(monthYearTable([])).toEqual([]);
  });
});

describe('the weekday table', () => {
  it('counts days, trades and winning days per weekday, Monday first', () => {
    const days = [
      day('2026-11-16', 1420, 2), // Mon
      day('2026-11-17', -840, 1), // Tue
      day('2026-11-18', 0, 0), // Wed, not traded
      day('2026-11-19', -440, 3), // Thu
      day('2026-11-20', 1450, 1), // Fri
      day('2026-11-21', 10, 1), // Sat: a special session
      day('2026-11-23', -100.5, 2), // Mon
      day('2026-11-25', 0, 2), // Wed, traded flat: neither a win nor a loss
      day('2026-11-27', -5, 1), // Fri
      day('2026-12-04', 7, 1), // Fri
    ];
    expect(weekdayTable(days)).toEqual([
      // 1,420 − 100.50 = 1,319.50; one winning day of two.
      { weekday: 'Mon', days: 2, daysTraded: 2, trades: 4, pnl: 1319.5, wins: 1, losses: 1, winRate: 50 },
      { weekday: 'Tue', days: 1, daysTraded: 1, trades: 1, pnl: -840, wins: 0, losses: 1, winRate: 0 },
      // The 18th did not trade, so only the 25th counts for the win rate: 0 wins of 1.
      { weekday: 'Wed', days: 2, daysTraded: 1, trades: 2, pnl: 0, wins: 0, losses: 0, winRate: 0 },
      { weekday: 'Thu', days: 1, daysTraded: 1, trades: 3, pnl: -440, wins: 0, losses: 1, winRate: 0 },
      // 1,450 − 5 + 7 = 1,452; 2 winning days of 3 = 66.666… % → 66.67.
      { weekday: 'Fri', days: 3, daysTraded: 3, trades: 3, pnl: 1452, wins: 2, losses: 1, winRate: 66.67 },
      { weekday: 'Sat', days: 1, daysTraded: 1, trades: 1, pnl: 10, wins: 1, losses: 0, winRate: 100 },
    ]);
  });

  it('lists Monday to Friday even when a weekday has no day, with no win rate', () => {
    const rows = weekdayTable([day('2026-11-18', 5, 1)]);
    expect(rows.map((r) => r.weekday)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
    expect(rows[0]).toEqual({ weekday: 'Mon', days: 0, daysTraded: 0, trades: 0, pnl: 0, wins: 0, losses: 0, winRate: null });
  });
});

describe('the days-to-expiry table', () => {
  const calendar = TradingCalendar.default();
  const lookup = { instruments: Instruments.default(calendar), calendar };
  const trade = (symbol: string, entryDate: string, net: number): DteTrade => ({ symbol, entryMs: istToMs(entryDate, '10:00'), netPaise: toPaise(net) });

  it('counts trading days, not calendar days, to the expiry: a weekend and a holiday are no day', () => {
    // NIFTY's weekly expiry Tue 24 Nov 2026 is Guru Nanak Jayanti, so the contract expires Mon 23 Nov.
    expect(lookup.instruments.parseSymbol('NIFTY23NOV2626000CE')?.expiry).toBe('2026-11-23');
    expect(tradingDaysToExpiry('2026-11-23', '2026-11-23', calendar)).toBe(0);
    // Fri 20 → Mon 23: three calendar days, one session.
    expect(tradingDaysToExpiry('2026-11-20', '2026-11-23', calendar)).toBe(1);
    // Tue 17 → Mon 23: Wed, Thu, Fri, Mon.
    expect(tradingDaysToExpiry('2026-11-17', '2026-11-23', calendar)).toBe(4);
    expect(tradingDaysToExpiry('2026-11-24', '2026-11-23', calendar)).toBeNull();
  });

  it('buckets each leg exit by its own expiry, so the rows add up to the trade log', () => {
    const trades = [
      trade('NIFTY23NOV2626000CE', '2026-11-23', 500), // 0 DTE
      trade('NIFTY23NOV2626000PE', '2026-11-23', -200), // 0 DTE
      trade('NIFTY23NOV2626000CE', '2026-11-20', 100), // 1 DTE
      trade('NIFTY23NOV2626000CE', '2026-11-17', -50), // 4 DTE
      // Wed 25 Nov → Tue 29 Dec: Nov 26, 27, 30 (3); Dec 1–4 (7); 7–11 (12); 14–18 (17); 21–24, the 25th
      // being Christmas (21); 28, 29 (23): the 20+ bucket. Net 0: neither a win nor a loss.
      trade('NIFTY29DEC2626000PE', '2026-11-25', 0),
      // A future, Tue 15 Dec → 29 Dec: 16–18 (3), 21–24 (7), 28, 29 (9): 5–9.
      trade('NIFTY29DEC26FUT', '2026-12-15', 1000),
      trade('RELIANCE', '2026-12-15', 0.01),
    ];
    const rows = dteTable(trades, lookup);
    expect(rows).toEqual([
      { bucket: '0', minDays: 0, maxDays: 0, trades: 2, pnl: 300, wins: 1, losses: 1, winRate: 50 },
      { bucket: '1', minDays: 1, maxDays: 1, trades: 1, pnl: 100, wins: 1, losses: 0, winRate: 100 },
      { bucket: '4', minDays: 4, maxDays: 4, trades: 1, pnl: -50, wins: 0, losses: 1, winRate: 0 },
      { bucket: '5–9', minDays: 5, maxDays: 9, trades: 1, pnl: 1000, wins: 1, losses: 0, winRate: 100 },
      { bucket: '20+', minDays: 20, maxDays: null, trades: 1, pnl: 0, wins: 0, losses: 0, winRate: 0 },
      { bucket: 'unknown', minDays: null, maxDays: null, trades: 1, pnl: 0.01, wins: 1, losses: 0, winRate: 100 },
    ]);
    // 500 − 200 + 100 − 50 + 0 + 1,000 + 0.01 = 1,350.01 over 7 trades, as the summary would count them.
    expect(rows.reduce((n, r) => n + r.trades, 0)).toBe(7);
    expect(rows.reduce((p, r) => p + toPaise(r.pnl), 0)).toBe(135001);
  });
});
