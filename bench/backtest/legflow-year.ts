import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { registry } from '../../nodes/catalogue.ts';
import { runBacktest, type BacktestOptions, type BacktestResult } from '../../runtime/backtest/backtest.ts';
import { readBarsCsv } from '../../runtime/backtest/history/bars-csv.ts';
import { listenersOfPlan, readSignalsFile } from '../../runtime/backtest/signals-file.ts';
import type { Instruments } from '../../runtime/market/instruments.ts';
import { compileGraph, type Plan } from '../../runtime/plan.ts';
import type { Signal } from '../../runtime/signal.ts';
import { istToMs } from '../../runtime/time.ts';

/** ₹10 crore of SIM capital: a year of straddles never meets the margin check or runs the account dry. */
const CAPITAL = 1e8;
/** One step a minute, the bars' own spacing. */
const STEP_MS = 60_000;

/** A year played by Legflow: how long it took (reading the bar file included on history) and what it traded. */
export interface LegflowYear {
  readSeconds: number;
  runSeconds: number;
  /** CPU time of the whole process over the same span (GC threads included), which other processes on the machine do not inflate. */
  cpuSeconds: number;
  result: BacktestResult;
}

/** templates/short-straddle.graph.json compiled, as `legflow backtest` runs it. */
export function shortStraddle(): Plan {
  const file = join(import.meta.dirname, '..', '..', 'templates', 'short-straddle.graph.json');
  return compileGraph(JSON.parse(readFileSync(file, 'utf8')), registry);
}

/** An ENTRY at `hhmm` IST on every trading day of the range, read through the signals-file reader a user's file goes through. */
export function dailyEntries(plan: Plan, dates: readonly string[], hhmm: string): Signal[] {
  const text = ['time,action', ...dates.map((date) => `${date} ${hhmm},ENTRY`)].join('\n');
  const file = readSignalsFile(text, listenersOfPlan(plan));
  if (file.problems.length > 0) throw new Error(`The bench's signals did not read: ${JSON.stringify(file.problems.slice(0, 3))}`);
  return file.signals;
}

/** The weekly expiries the entries trade (each day's current week at `hhmm`), as the exchange calendar placed them. */
export function currentWeekExpiries(instruments: Instruments, underlying: string, dates: readonly string[], hhmm: string): string[] {
  const expiries = new Set(dates.map((date) => instruments.resolveExpiry(underlying, { kind: 'current-week' }, istToMs(date, hhmm))));
  return [...expiries].sort();
}

export interface YearRun {
  plan: Plan;
  year: number;
  signals: readonly Signal[];
}

/** The year on recorded bars: the CSV read with the importer users use, then played with options priced at `vol`. */
export async function legflowOnHistory(run: YearRun, barsFile: string, underlying: string, vol: number): Promise<LegflowYear> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const file = readBarsCsv(readFileSync(barsFile, 'utf8'), { symbol: underlying });
  const bars = file.bars[underlying];
  if (bars === undefined || file.problems.length > 0) throw new Error(`The bench's bar file did not read: ${JSON.stringify(file.problems.slice(0, 3))}`);
  const t1 = performance.now();
  const result = await runBacktest({ ...options(run), history: { underlyings: { [underlying]: { bars, volatility: { kind: 'constant', vol } } } } });
  return { readSeconds: (t1 - t0) / 1000, runSeconds: (performance.now() - t1) / 1000, cpuSeconds: cpuSecondsSince(cpu), result };
}

/** The same year on the seeded synthetic market, for reference (its own prices, so its own P&L). */
export async function legflowOnSynthetic(run: YearRun, seed: number): Promise<LegflowYear> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await runBacktest({ ...options(run), seed });
  return { readSeconds: 0, runSeconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSecondsSince(cpu), result };
}

function options(run: YearRun): BacktestOptions {
  return { plan: run.plan, from: `${run.year}-01-01`, to: `${run.year}-12-31`, seed: 1, capital: CAPITAL, stepMs: STEP_MS, signals: run.signals };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
