/**
 * A completed backtest of the NIFTY short straddle over Mon 23 to Thu 26 Nov 2026 (Tue 24 is a holiday), for
 * the results' story and tests: two days traded, a stop on the 25th, figures worked out by hand below.
 * Held to the server's contract by story-data.test.ts.
 */
import type { BacktestJob, BacktestResult } from './backtest-schemas.ts';

/** An IST wall time of a date as the wire's UTC ISO time (IST is UTC+05:30). */
const ist = (date: string, hhmm: string) => new Date(Date.parse(`${date}T${hhmm}:00+05:30`)).toISOString();

const trade = (date: string, legId: string, symbol: string, entry: number, exit: number, exitTime: string, exitReason: string) => {
  // 65 sold: a fall from entry to exit is the gain; ₹50.00 of charges per leg.
  const grossPnl = ((Math.round(entry * 100) - Math.round(exit * 100)) * 65) / 100;
  return {
    groupId: `g_${date}`,
    legId,
    symbol,
    side: 'SELL' as const,
    qty: 65,
    entryTime: ist(date, '09:30'),
    entryPrice: entry,
    exitTime: ist(date, exitTime),
    exitPrice: exit,
    exitReason,
    grossPnl,
    charges: 50,
    pnl: grossPnl - 50,
  };
};

/*
 * 23 Nov: CE 120.00 → 100.00 = +1300.00, PE 90.00 → 85.00 = +325.00; gross 1625.00, charges 100.00, net 1525.00.
 * 25 Nov: CE 110.00 → 137.50 (stop) = −1787.50, PE 95.00 → 80.00 = +975.00; gross −812.50, charges 100.00, net −912.50.
 * Net 1525.00 − 912.50 = 612.50; gross 812.50; charges 200.00. Wins 1250.00, 275.00, 925.00 (sum 2450.00), loss −1837.50.
 * Equity 1,000,000 → 1,001,525.00 → 1,000,612.50 (26 Nov flat): drawdown 912.50 = 0.09 % of the high 1,001,525.
 */
const trades = [
  trade('2026-11-23', 'ce', 'NIFTY01DEC2626000CE', 120, 100, '14:00', 'signal'),
  trade('2026-11-23', 'pe', 'NIFTY01DEC2626000PE', 90, 85, '14:00', 'signal'),
  trade('2026-11-25', 'ce', 'NIFTY01DEC2626000CE', 110, 137.5, '11:42', 'stop'),
  trade('2026-11-25', 'pe', 'NIFTY01DEC2626000PE', 95, 80, '14:00', 'signal'),
];

const EMPTY_MONTHS = Array<number | null>(12).fill(null);

export const storyResult: BacktestResult = {
  inputs: {
    graph: { name: 'NIFTY short straddle', sha256: 'a'.repeat(64) },
    from: '2026-11-23',
    to: '2026-11-26',
    seed: 1,
    settings: { capital: 1_000_000, stepMs: 60_000, market: 'synthetic', charges: 'dated schedule', margin: 'SPAN + exposure approximation', slippageTicks: 0 },
    signals: { count: 4, sha256: 'b'.repeat(64) },
    signalsFile: { format: 'plain', rows: 5, problems: [{ line: 6, message: 'the time "yesterday" cannot be read: write YYYY-MM-DD HH:MM (IST)' }] },
    journal: null,
  },
  summary: {
    netPnl: 612.5,
    grossPnl: 812.5,
    charges: 200,
    trades: 4,
    wins: 3,
    losses: 1,
    winRate: 75,
    // 2450.00 / 3 = 816.666… → 816.67; the one loss; 612.50 / 4 = 153.125 → 153.13; 2450.00 / 1837.50 = 1.3333.
    averageWin: 816.67,
    averageLoss: -1837.5,
    expectancy: 153.13,
    profitFactor: 1.3333,
    maxDrawdown: 912.5,
    maxDrawdownPct: 0.09,
    maxConsecutiveWins: 2,
    maxConsecutiveLosses: 1,
    // Illustrative: the story shows how the ratios read, not what three days make of them.
    sharpe: 0.18,
    sortino: 0.32,
    tradingDays: 3,
    daysTraded: 2,
  },
  trades,
  days: [
    { date: '2026-11-23', trades: 2, grossPnl: 1625, charges: 100, pnl: 1525 },
    { date: '2026-11-25', trades: 2, grossPnl: -812.5, charges: 100, pnl: -912.5 },
    { date: '2026-11-26', trades: 0, grossPnl: 0, charges: 0, pnl: 0 },
  ],
  tables: {
    monthYear: [{ year: 2026, months: EMPTY_MONTHS.map((m, i) => (i === 10 ? 612.5 : m)), total: 612.5 }],
    weekday: [
      { weekday: 'Mon', days: 1, daysTraded: 1, trades: 2, pnl: 1525, wins: 1, losses: 0, winRate: 100 },
      { weekday: 'Wed', days: 1, daysTraded: 1, trades: 2, pnl: -912.5, wins: 0, losses: 1, winRate: 0 },
      { weekday: 'Thu', days: 1, daysTraded: 0, trades: 0, pnl: 0, wins: 0, losses: 0, winRate: null },
    ],
    dte: [],
  },
  curves: {
    daily: {
      equity: [
        { date: '2026-11-23', equity: 1_001_525 },
        { date: '2026-11-25', equity: 1_000_612.5 },
        { date: '2026-11-26', equity: 1_000_612.5 },
      ],
      drawdown: [
        { date: '2026-11-23', drawdown: 0, drawdownPct: 0 },
        { date: '2026-11-25', drawdown: 912.5, drawdownPct: 0.09 },
        { date: '2026-11-26', drawdown: 912.5, drawdownPct: 0.09 },
      ],
    },
    exits: {
      equity: [
        { date: '2026-11-23', time: ist('2026-11-23', '14:00'), equity: 1_001_525 },
        { date: '2026-11-25', time: ist('2026-11-25', '11:42'), equity: 999_687.5 },
        { date: '2026-11-25', time: ist('2026-11-25', '14:00'), equity: 1_000_612.5 },
      ],
      drawdown: [
        { date: '2026-11-23', time: ist('2026-11-23', '14:00'), drawdown: 0, drawdownPct: 0 },
        { date: '2026-11-25', time: ist('2026-11-25', '11:42'), drawdown: 1837.5, drawdownPct: 0.18 },
        { date: '2026-11-25', time: ist('2026-11-25', '14:00'), drawdown: 912.5, drawdownPct: 0.09 },
      ],
    },
  },
  groups: [],
  openGroups: 0,
  signals: { submitted: 4, outsideRange: [] },
  runs: { completed: 4, failed: 0, ignored: 0, failures: [] },
  orders: [],
};

export const storyJob: BacktestJob = {
  id: 'bt_story',
  status: 'completed',
  request: {
    graphId: 'g_story',
    version: 1,
    from: '2026-11-23',
    to: '2026-11-26',
    seed: 1,
    capital: 1_000_000,
    signals: { kind: 'csv', bytes: 120, sha256: 'b'.repeat(64) },
  },
  progress: { day: 3, days: 3 },
  error: null,
  createdAt: Date.UTC(2026, 10, 27, 4, 0),
  startedAt: Date.UTC(2026, 10, 27, 4, 0, 1),
  finishedAt: Date.UTC(2026, 10, 27, 4, 0, 2),
  result: storyResult,
};
