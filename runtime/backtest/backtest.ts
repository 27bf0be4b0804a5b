import type { SimBroker } from '../broker/sim-broker.ts';
import type { Order } from '../broker/types.ts';
import type { MarketData } from '../kernel/adapters.ts';
import { Kernel } from '../kernel/kernel.ts';
import { toPaise } from '../money.ts';
import type { Plan } from '../plan.ts';
import type { GroupView } from '../positions/types.ts';
import type { Signal } from '../signal.ts';
import { TradingCalendar } from '../market/calendar.ts';
import { SimEngine } from '../sim-engine.ts';
import { addDays, istToMs } from '../time.ts';
import type { RunRecord } from '../trace.ts';
import { BacktestError } from './backtest-error.ts';
import { checkSettings, tradingDates, type BacktestSettings } from './backtest-settings.ts';
import { contentHash } from './canonical-json.ts';
import { dailyCurves, exitCurves, type Curves } from './curves.ts';
import { GroupLog } from './group-log.ts';
import { historyEnvironment } from './history/history-environment.ts';
import type { HistoryMarketInputs, HistoryUnderlying } from './history/history-market.ts';
import { uncoveredDates } from './history/history-range.ts';
import { summarize, type BacktestSummary } from './stats.ts';
import { dteTable, monthYearTable, weekdayTable, type DteRow, type MonthYearRow, type WeekdayRow } from './tables.ts';
import { dailyPnl, dayRow, legTrades, tradeRow, type DayRow, type TradeRow } from './trades.ts';

/** The one deployment a backtest runs: its orders' client ids and its groups carry this id. */
const BACKTEST_DEPLOYMENT_ID = 'backtest';

export interface BacktestOptions extends BacktestSettings {
  plan: Plan;
  /** Normalised signals (a signals file read, later a journal); each is submitted at its `receivedAt`. */
  signals: readonly Signal[];
  /**
   * Recorded history instead of the seeded synthetic market: the bars of each underlying and the volatility
   * its options are priced with (premiums are modelled; see HistoryMarket). `seed` is then not used.
   */
  history?: BacktestHistory;
  /** The holiday calendar (default: the shipped one); a server passes its own, with the user's file laid over it. */
  calendar?: TradingCalendar;
  /** Called after each trading day is played. */
  onProgress?: (progress: BacktestProgress) => void;
}

export interface BacktestHistory {
  underlyings: Readonly<Record<string, HistoryUnderlying>>;
  /** How long after its stamp a bar's close is known, ms: 0 for bars stamped at their close, the bar's length for bars stamped at their open. */
  closeKnownAfterMs?: number;
}

export interface BacktestProgress {
  date: string;
  /** Days played so far, of `days`. */
  day: number;
  days: number;
}

/** What the result was computed from: the same inputs give the same result, byte for byte. */
export interface BacktestInputs {
  graph: { name: string; sha256: string };
  from: string;
  to: string;
  /** The synthetic market's seed; null on history. */
  seed: number | null;
  settings: {
    capital: number;
    stepMs: number;
    market: 'synthetic' | HistoryMarketInputs;
    charges: 'dated schedule';
    margin: 'SPAN + exposure approximation';
    slippageTicks: 0;
  };
  signals: { count: number; sha256: string };
}

export interface BacktestResult {
  inputs: BacktestInputs;
  summary: BacktestSummary;
  trades: TradeRow[];
  days: DayRow[];
  /** Net P&L by month and year, by weekday, and by trading days to expiry at entry. */
  tables: { monthYear: MonthYearRow[]; weekday: WeekdayRow[]; dte: DteRow[] };
  /** Equity and drawdown at each day's close, and at each exit. */
  curves: { daily: Curves; exits: Curves };
  /** Every position group, in the order made; one still open at the end is reported open, its legs as they stand. */
  groups: Array<Omit<GroupView, 'createdAt' | 'closedAt'> & { createdAt: string; closedAt: string | null }>;
  openGroups: number;
  signals: { submitted: number; outsideRange: string[] };
  runs: { completed: number; failed: number; ignored: number; failures: Array<{ signalId: string; time: string; action: string; errors: string[] }> };
  orders: Array<
    Pick<Order, 'id' | 'clientOrderId' | 'symbol' | 'side' | 'qty' | 'status' | 'avgFillPrice'> & {
      charges: number | null;
      time: string;
      rejectReason: string | null;
    }
  >;
}

/**
 * Plays a graph over a date range on the kernel, as it would trade: one `SimEngine` (the SIM broker on the
 * seeded synthetic market, on a virtual clock), the graph deployed once, and the clock moved through each
 * trading session in steps of `stepMs` (nights, weekends and holidays skipped, a session's close stepped so
 * that expiries settle). Each signal is submitted at its own time, the clock moved to it first; a signal
 * outside the session (at night) runs then, as it would live. Schedule sources are stepped to at their time;
 * schedule, price and position sources fire through the kernel's steps by themselves. With `history`, the
 * history market replaces the synthetic market behind the same loop, and a range with trading days the bars
 * do not cover is refused.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { plan, from, to, seed, capital, stepMs, onProgress } = options;
  checkSettings(options);
  const { engine, market } = backtestKernel(options);
  const dates = tradingDates(engine.calendar, from, to);
  const rangeEnd = istToMs(addDays(to, 1));
  const timed = options.signals.map((signal) => ({ signal, ms: Date.parse(signal.receivedAt) }));
  const queue = timed.filter((s) => s.ms >= istToMs(from) && s.ms < rangeEnd).sort((a, b) => a.ms - b.ms);
  const outsideRange = timed.filter((s) => !(s.ms >= istToMs(from) && s.ms < rangeEnd)).map((s) => s.signal.id);

  const log = new GroupLog(() => engine.clock.now());
  engine.hooks.on('group:persist', (snapshot) => log.record(snapshot));
  const runs: Array<{ signal: Signal; run: RunRecord }> = [];
  const deployment = engine.deploy(plan, { id: BACKTEST_DEPLOYMENT_ID }, { onRun: (signal, run) => runs.push({ signal, run }) });

  let next = 0;
  const moveTo = async (ms: number): Promise<void> => {
    const now = engine.clock.now();
    if (ms > now) await engine.tick(ms - now);
  };
  /** Signals and schedule firings due by `t`, each at its own time, then the step at `t`. */
  const playUntil = async (t: number): Promise<void> => {
    for (;;) {
      const signalAt = queue[next]?.ms ?? Infinity;
      const scheduled = deployment.nextScheduledAt() ?? Infinity;
      // One already due fires at the next step; stepping to it again would not move the clock.
      const at = Math.min(signalAt, scheduled > engine.clock.now() ? scheduled : Infinity);
      if (at > t) break;
      await moveTo(at);
      if (signalAt === at) {
        await deployment.submit(queue[next++]!.signal);
        await engine.idle();
      }
    }
    await moveTo(t);
  };

  for (const [i, date] of dates.entries()) {
    const close = engine.calendar.sessionCloseMs(date);
    for (let t = engine.calendar.sessionOpenMs(date); t < close; t += stepMs) await playUntil(t);
    await playUntil(close);
    onProgress?.({ date, day: i + 1, days: dates.length });
  }
  // Signals after the last close (the market is shut: the graph refuses or queues, as it would live).
  await playUntil(queue.at(-1)?.ms ?? engine.clock.now());

  const groups = log.groups();
  const trades = legTrades(groups, log);
  const days = dailyPnl(trades, dates);
  const views = groups.map((g) => engine.positions.viewOf(g));
  return {
    inputs: {
      graph: { name: plan.graph.name, sha256: contentHash(plan.graph) },
      from,
      to,
      seed: options.history ? null : seed,
      settings: { capital, stepMs, market, charges: 'dated schedule', margin: 'SPAN + exposure approximation', slippageTicks: 0 },
      signals: { count: options.signals.length, sha256: contentHash(options.signals) },
    },
    summary: summarize(trades, days, toPaise(capital)),
    trades: trades.map(tradeRow),
    days: days.map(dayRow),
    tables: {
      monthYear: monthYearTable(days),
      weekday: weekdayTable(days),
      dte: dteTable(trades, { instruments: engine.instruments, calendar: engine.calendar }),
    },
    curves: { daily: dailyCurves(days, toPaise(capital)), exits: exitCurves(trades, toPaise(capital)) },
    groups: views.map((g) => ({ ...g, createdAt: iso(g.createdAt), closedAt: g.closedAt === null ? null : iso(g.closedAt) })),
    openGroups: views.filter((g) => g.status === 'open').length,
    signals: { submitted: next, outsideRange },
    runs: runSummary(runs),
    orders: (await engine.broker.orders()).map((o) => ({
      id: o.id,
      clientOrderId: o.clientOrderId,
      symbol: o.symbol,
      side: o.side,
      qty: o.qty,
      status: o.status,
      avgFillPrice: o.avgFillPrice,
      charges: o.charges ?? null,
      time: iso(o.updatedAt),
      rejectReason: o.rejectReason ?? null,
    })),
  };
}

/** The kernel a backtest plays on: the SIM broker, on the seeded synthetic market or on recorded history. */
function backtestKernel(options: BacktestOptions): { engine: Kernel<MarketData, SimBroker>; market: BacktestInputs['settings']['market'] } {
  const { from, to, seed, capital, history } = options;
  const calendar = options.calendar ?? TradingCalendar.default();
  if (!history) return { engine: new SimEngine({ startMs: istToMs(from), seed, capital, calendar }), market: 'synthetic' };
  const dates = tradingDates(calendar, from, to);
  checkCovered(history, dates);
  const { underlyings, closeKnownAfterMs } = history;
  const environment = historyEnvironment({
    underlyings,
    calendar,
    startMs: istToMs(from),
    pricesFromMs: dates[0] === undefined ? istToMs(from) : calendar.sessionOpenMs(dates[0]),
    capital,
    ...(closeKnownAfterMs !== undefined && { closeKnownAfterMs }),
  });
  return { engine: new Kernel(environment), market: environment.market.inputs() };
}

/** Every trading date of the range must have bars of every underlying: a missing day is never filled in by guessing. */
function checkCovered(history: BacktestHistory, dates: readonly string[]): void {
  for (const [name, u] of Object.entries(history.underlyings)) {
    const missing = uncoveredDates(u.bars, dates);
    if (missing.length === 0) continue;
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
    throw new BacktestError(
      'INVALID_SETTINGS',
      `${name} has no bars on ${missing.length} of the range's ${dates.length} trading days (${shown}): narrow the range to the data or add the missing days.`,
    );
  }
}

function runSummary(runs: ReadonlyArray<{ signal: Signal; run: RunRecord }>): BacktestResult['runs'] {
  const count = (status: RunRecord['status']) => runs.filter((r) => r.run.status === status).length;
  return {
    completed: count('completed'),
    failed: count('failed'),
    ignored: count('ignored'),
    failures: runs
      .filter((r) => r.run.status === 'failed')
      .map(({ signal, run }) => ({
        signalId: signal.id,
        time: signal.receivedAt,
        action: signal.action,
        errors: run.steps.flatMap((s) => (s.status === 'failed' ? [`${s.label}: ${s.error ?? 'failed'}`] : [])),
      })),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
