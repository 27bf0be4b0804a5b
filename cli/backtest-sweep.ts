import { availableParallelism } from 'node:os';
import { BacktestError } from '../runtime/backtest/backtest-error.ts';
import type { BacktestResult } from '../runtime/backtest/backtest.ts';
import type { Graph } from '../runtime/graph-schema.ts';
import {
  graphAtPoint,
  parseSweepAxis,
  sweepGrid,
  sweepHeatmap,
  sweepRow,
  type SweepAxis,
  type SweepHeatmap,
  type SweepRow,
} from '../runtime/backtest/sweep.ts';
import type { BacktestWork } from '../server/backtests/backtest-work.ts';
import { startBacktestThread } from '../server/backtests/backtest-thread.ts';
import { CliError } from './cli-error.ts';
import type { CommandIO } from './validate-command.ts';

/** What `--sweep` prints with --json: each run's params and summary (or why it failed), and the heatmap of two axes. */
export interface SweepOutput {
  axes: Array<{ label: string; values: unknown[] }>;
  runs: Array<SweepRow | { params: Record<string, unknown>; error: string }>;
  heatmap: SweepHeatmap | null;
}

/**
 * Runs the graph once per point of the grid the `--sweep` axes span, each in a backtest thread of its own,
 * `threads` side by side (default the machine's cores), with the same range, market and signals. A point
 * whose graph its node refuses is reported with why; the others still run.
 */
export async function runSweep(work: BacktestWork, specs: readonly string[], threads: number | undefined, io: CommandIO): Promise<SweepOutput> {
  let axes: SweepAxis[];
  let points: unknown[][];
  try {
    axes = specs.map(parseSweepAxis);
    points = sweepGrid(axes).map((p) => [...p]);
    for (const point of points) graphAtPoint(work.graph, axes, point); // every node and path checked before any run
  } catch (err) {
    if (err instanceof BacktestError) throw new CliError(err.message, 2);
    throw err;
  }
  const runs: SweepOutput['runs'] = new Array(points.length);
  let next = 0;
  let finished = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < points.length; i = next++) {
      const point = points[i]!;
      const params = Object.fromEntries(axes.map((a, k) => [a.label, point[k]]));
      const ending = await startBacktestThread({ ...work, graph: graphAtPoint(work.graph, axes, point) as Graph }, () => undefined).ended;
      if (ending.status === 'completed') runs[i] = sweepRow(axes, point, (JSON.parse(ending.result) as BacktestResult).summary);
      else runs[i] = { params, error: ending.status === 'failed' ? ending.error.message : 'the run failed in its thread' };
      io.err(`legflow: sweep ${++finished} of ${points.length} runs done`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(points.length, threads ?? availableParallelism())) }, lane));
  const heatmap = sweepHeatmap(
    axes,
    runs.map((r) => ('error' in r ? null : r)),
  );
  return { axes: axes.map((a) => ({ label: a.label, values: [...a.values] })), runs, heatmap };
}

/** The sweep as a trader reads it in a terminal: one line a run, then the heatmap of two axes. */
export function sweepTable(out: SweepOutput): string {
  const header = [...out.axes.map((a) => a.label), 'net P&L', 'trades', 'win %', 'max DD', 'PF', 'Sharpe'];
  const rows = out.runs.map((r) => {
    const params = out.axes.map((a) => JSON.stringify(r.params[a.label]));
    if ('error' in r) return [...params, `failed: ${r.error}`];
    const s = r.summary;
    return [...params, s.netPnl.toFixed(2), String(s.trades), dash(s.winRate), s.maxDrawdown.toFixed(2), dash(s.profitFactor), dash(s.sharpe)];
  });
  const lines = columns([header, ...rows]);
  const h = out.heatmap;
  if (h !== null) {
    lines.push('', `Net P&L: ${h.rows.label} down, ${h.columns.label} across`);
    lines.push(
      ...columns([['', ...h.columns.values.map((v) => JSON.stringify(v))], ...h.netPnl.map((row, i) => [JSON.stringify(h.rows.values[i]), ...row.map(dash)])]),
    );
  }
  return lines.join('\n');
}

function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  '));
}

function dash(n: number | null): string {
  return n === null ? '–' : String(n);
}
