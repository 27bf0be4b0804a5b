import type { ErrorBody } from '../../contracts/common.ts';
import { BacktestError } from '../../runtime/backtest/backtest-error.ts';
import type { BacktestSettings } from '../../runtime/backtest/backtest-settings.ts';
import { runBacktest, type BacktestHistory, type BacktestProgress, type BacktestResult } from '../../runtime/backtest/backtest.ts';
import { listenersOfPlan, readSignalsFile } from '../../runtime/backtest/signals-file.ts';
import type { Graph } from '../../runtime/graph-schema.ts';
import { TradingCalendar } from '../../runtime/market/calendar.ts';
import type { CalendarFile } from '../../runtime/market/calendar-file.ts';
import { MarketError } from '../../runtime/market/market-error.ts';
import { compileGraph, GraphInvalidError } from '../../runtime/plan.ts';
import type { NodeRegistry } from '../../runtime/registry.ts';
import type { Signal } from '../../runtime/signal.ts';

/** Where a job's signals come from, as its worker gets them: a journal is read on the main thread first. */
export type WorkSignals =
  | { kind: 'none' }
  | { kind: 'csv'; text: string }
  | { kind: 'journal'; deploymentId: string; signals: Signal[]; engineMade: number }
  /** Signals already read (the CLI's sweeps read the file once, on the main thread). */
  | { kind: 'signals'; signals: Signal[] };

/** Everything a backtest's worker is given: plain data (no database handle), copied to its thread. */
export interface BacktestWork {
  /** The published version's graph as compiled on the main thread (`plan.graph`). */
  graph: Graph;
  settings: BacktestSettings;
  signals: WorkSignals;
  /** Recorded bars instead of the synthetic market (the CLI's sweeps; the API takes none yet). */
  history?: BacktestHistory;
  /** The server's holiday calendar (the user's file laid over the shipped one), as data; the shipped one without it. */
  calendar?: CalendarFile;
}

/** A result as a job keeps it: runBacktest's, with where its signals came from among its inputs. */
export type BacktestWorkResult = Omit<BacktestResult, 'inputs'> & {
  inputs: BacktestResult['inputs'] & {
    signalsFile: { format: string; rows: number; problems: Array<{ line: number; message: string }> } | null;
    journal: { deploymentId: string; signals: number; engineMade: number } | null;
  };
};

export type JobError = ErrorBody['error'];

/** What a worker posts to the main thread: one progress message per day, then one ending. */
export type FromWorker =
  | ({ type: 'progress' } & BacktestProgress)
  /** The result as JSON text: made on the worker's thread, so the main thread only stores it. */
  | { type: 'completed'; result: string }
  /** Refused for what was asked (a signals file with no header, a range the calendar does not reach …). */
  | { type: 'failed'; error: JobError }
  /** Anything else: a fault of the server, logged on the main thread, shown to the user without detail. */
  | { type: 'crashed'; stack: string };

/**
 * One backtest, start to end: the graph compiled again (a plan holds functions, which no thread can be sent),
 * the signals file read as the CLI reads it (rows that are not signals reported in `inputs.signalsFile`),
 * and runBacktest. The same work gives the same result, byte for byte, on any thread.
 */
export async function playBacktest(work: BacktestWork, registry: NodeRegistry, onProgress: (progress: BacktestProgress) => void): Promise<BacktestWorkResult> {
  const plan = compileGraph(work.graph, registry);
  const { signals: source } = work;
  const file = source.kind === 'csv' ? readSignalsFile(source.text, listenersOfPlan(plan)) : undefined;
  const signals = file?.signals ?? (source.kind === 'journal' || source.kind === 'signals' ? source.signals : []);
  const result = await runBacktest({
    ...work.settings,
    plan,
    signals,
    onProgress,
    ...(work.history && { history: work.history }),
    ...(work.calendar && { calendar: new TradingCalendar(work.calendar) }),
  });
  const signalsFile = file === undefined ? null : { format: file.format, rows: file.rows, problems: file.problems };
  const journal = source.kind === 'journal' ? { deploymentId: source.deploymentId, signals: source.signals.length, engineMade: source.engineMade } : null;
  return { ...result, inputs: { ...result.inputs, signalsFile, journal } };
}

/** The job's error for a backtest refused by what was asked; undefined for a fault of the server. */
export function refusal(err: unknown): JobError | undefined {
  if (err instanceof BacktestError || err instanceof MarketError) return { code: err.code.toLowerCase(), message: err.message, details: { ...err.details } };
  if (err instanceof GraphInvalidError) return { code: 'invalid_graph', message: err.message, details: { problems: err.problems } };
  return undefined;
}
