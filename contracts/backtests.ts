/** Backtest jobs over the API: the request, a job as listed, and a job with its result. */
import { z } from 'zod';
import { toPaise, toRupees } from '../runtime/money.ts';
import { epochMs, errorBody, isoTime, rupees, side } from './common.ts';
import { orderStatus, positionGroup } from './trading.ts';

const isoDate = z.iso.date().describe('An IST date, YYYY-MM-DD');
const count = z.number().int();

/** Where a backtest's TradingView and Python signals come from (schedule, price and position sources fire by themselves). */
export const backtestSignalsSource = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('csv'),
    text: z
      .string()
      .describe('A signals file as the CLI reads it (a CSV `time,action[,channel][,price]`, or TradingView’s "List of trades" export), at most 2 MB'),
  }),
  z.strictObject({
    kind: z.literal('journal'),
    deploymentId: z.string().min(1).max(64).describe('One of your deployments: the alerts it really received over the range, replayed at their times'),
  }),
]);

/**
 * `POST /api/backtests`. The market is the seeded synthetic one; recorded history will come as a field of its
 * own (`history`), which is refused as an unknown key until then.
 */
export const backtestRequest = z.strictObject({
  graphId: z.string().min(1).max(64).describe('One of your graphs'),
  version: z.number().int().min(1).describe('A published version of it'),
  from: isoDate.describe('First IST date of the range, inclusive'),
  to: isoDate.describe('Last IST date of the range, inclusive'),
  seed: z.number().int().min(0).max(2_147_483_647).default(1).describe('The synthetic market’s seed'),
  capital: rupees
    .positive()
    .max(1e12)
    .refine((c) => toRupees(toPaise(c)) === c, 'must be rupees with at most 2 decimals')
    .default(1_000_000)
    .describe('Starting capital of the SIM account, rupees'),
  signals: backtestSignalsSource.optional().describe('None: only the graph’s own schedule, price and position sources fire'),
});
export type BacktestRequest = z.output<typeof backtestRequest>;

/** What a job keeps of its request: the signals file's size and digest, not its text. */
export const storedBacktestRequest = backtestRequest.extend({
  seed: z.number().int(),
  capital: rupees,
  signals: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('csv'), bytes: count, sha256: z.string() }),
      z.strictObject({ kind: z.literal('journal'), deploymentId: z.string() }),
    ])
    .nullable(),
});
export type StoredBacktestRequest = z.output<typeof storedBacktestRequest>;

export const backtestStatus = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);

/** A job as `GET /api/backtests` lists it: everything but the result. */
export const backtestJobSummary = z.strictObject({
  id: z.string(),
  status: backtestStatus,
  request: storedBacktestRequest,
  progress: z.strictObject({ day: count.describe('Trading days played'), days: count.describe('Trading days in the range') }),
  error: errorBody.shape.error.nullable().describe('Why it failed; null unless failed'),
  createdAt: epochMs,
  startedAt: epochMs.nullable(),
  finishedAt: epochMs.nullable(),
});
export const backtestJobList = z.array(backtestJobSummary);

const money = rupees;
const tally = { pnl: money, wins: count, losses: count, winRate: z.number().nullable() };
const curves = z.strictObject({
  equity: z.array(z.strictObject({ date: isoDate, time: isoTime.optional(), equity: money })),
  drawdown: z.array(z.strictObject({ date: isoDate, time: isoTime.optional(), drawdown: money, drawdownPct: z.number() })),
});

/** What runBacktest returns (runtime/backtest/backtest.ts), with where the signals came from in `inputs`. */
export const backtestResult = z.strictObject({
  inputs: z.strictObject({
    graph: z.strictObject({ name: z.string(), sha256: z.string() }),
    from: isoDate,
    to: isoDate,
    seed: z.number().int().nullable(),
    settings: z.strictObject({
      capital: money,
      stepMs: count,
      // Recorded history adds its own shape here when the API takes it.
      market: z.literal('synthetic'),
      charges: z.literal('dated schedule'),
      margin: z.literal('SPAN + exposure approximation'),
      slippageTicks: z.literal(0),
    }),
    signals: z.strictObject({ count, sha256: z.string() }),
    signalsFile: z
      .strictObject({
        format: z.enum(['plain', 'tradingview-trades']),
        rows: count,
        problems: z.array(z.strictObject({ line: count, message: z.string() })).describe('Rows that did not become signals, by line: left out, never silently'),
      })
      .nullable(),
    journal: z
      .strictObject({ deploymentId: z.string(), signals: count, engineMade: count.describe('Schedule, price and position signals not replayed') })
      .nullable(),
  }),
  summary: z.strictObject({
    netPnl: money,
    grossPnl: money,
    charges: money,
    trades: count,
    wins: count,
    losses: count,
    winRate: z.number().nullable(),
    averageWin: money.nullable(),
    averageLoss: money.nullable(),
    expectancy: money.nullable(),
    profitFactor: z.number().nullable(),
    maxDrawdown: money,
    maxDrawdownPct: z.number(),
    maxConsecutiveWins: count,
    maxConsecutiveLosses: count,
    sharpe: z.number().nullable(),
    sortino: z.number().nullable(),
    tradingDays: count,
    daysTraded: count,
  }),
  trades: z.array(
    z.strictObject({
      groupId: z.string(),
      legId: z.string(),
      symbol: z.string(),
      side,
      qty: count,
      entryTime: isoTime,
      entryPrice: money,
      exitTime: isoTime,
      exitPrice: money,
      exitReason: z.string(),
      grossPnl: money,
      charges: money,
      pnl: money.describe('Net of charges'),
    }),
  ),
  days: z.array(z.strictObject({ date: isoDate, trades: count, grossPnl: money, charges: money, pnl: money })),
  tables: z.strictObject({
    monthYear: z.array(z.strictObject({ year: count, months: z.array(money.nullable()).length(12), total: money })),
    weekday: z.array(z.strictObject({ weekday: z.string(), days: count, daysTraded: count, trades: count, ...tally })),
    dte: z.array(z.strictObject({ bucket: z.string(), minDays: count.nullable(), maxDays: count.nullable(), trades: count, ...tally })),
  }),
  curves: z.strictObject({ daily: curves, exits: curves }),
  groups: z.array(positionGroup.extend({ createdAt: isoTime, closedAt: isoTime.nullable() })),
  openGroups: count,
  signals: z.strictObject({ submitted: count, outsideRange: z.array(z.string()) }),
  runs: z.strictObject({
    completed: count,
    failed: count,
    ignored: count,
    failures: z.array(z.strictObject({ signalId: z.string(), time: isoTime, action: z.string(), errors: z.array(z.string()) })),
  }),
  orders: z.array(
    z.strictObject({
      id: z.string(),
      clientOrderId: z.string(),
      symbol: z.string(),
      side,
      qty: count,
      status: orderStatus,
      avgFillPrice: money.nullable(),
      charges: money.nullable(),
      time: isoTime,
      rejectReason: z.string().nullable(),
    }),
  ),
});
export type BacktestJobResult = z.output<typeof backtestResult>;

/** A job with its result (null until completed). */
export const backtestJob = backtestJobSummary.extend({ result: backtestResult.nullable() });

/** `backtest.progress` and `backtest.finished` on `/ws` (topic `backtests`). */
export const backtestProgressData = z.strictObject({ backtestId: z.string(), date: isoDate, day: count, days: count });
export const backtestFinishedData = z.strictObject({
  backtestId: z.string(),
  status: z.enum(['completed', 'failed', 'cancelled']),
  error: errorBody.shape.error.nullable(),
});
