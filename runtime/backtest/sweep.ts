import { BacktestError } from './backtest-error.ts';
import type { BacktestSummary } from './stats.ts';

/** At most this many runs in one sweep: a grid past it is more likely a slip than a plan. */
export const MAX_SWEEP_POINTS = 400;
const MAX_AXES = 4;

/** One swept parameter: a node's param (a dotted path inside its params) and the values it takes. */
export interface SweepAxis {
  nodeId: string;
  path: readonly string[];
  values: readonly unknown[];
  /** As the trader wrote it: `sl.stopLoss.value`. */
  label: string;
}

/** One run of the grid: the value of each axis, in axis order. */
export type SweepPoint = readonly unknown[];

/**
 * Reads `<node>.<param path>=<values>`: the values a JSON list without its brackets (`20,25,30`,
 * `{"type":"pct","value":30},null`, `"current-week","next-week"`), so any param value can be swept.
 */
export function parseSweepAxis(spec: string): SweepAxis {
  const eq = spec.indexOf('=');
  const label = eq < 0 ? spec : spec.slice(0, eq);
  const parts = label.split('.');
  if (eq < 0 || parts.length < 2 || parts.some((p) => p === '')) {
    invalid(`A sweep is <node id>.<param>=<values>, such as sl.stopLoss.value=20,25,30; got "${spec}".`);
  }
  let values: unknown;
  try {
    values = JSON.parse(`[${spec.slice(eq + 1)}]`);
  } catch {
    invalid(`The values of ${label} are not a list of JSON values (numbers, true/false, null, "quoted text", {objects}): "${spec.slice(eq + 1)}".`);
  }
  if (!Array.isArray(values) || values.length === 0) invalid(`${label} has no values to sweep.`);
  const [nodeId, ...path] = parts as [string, ...string[]];
  return { nodeId, path, values, label };
}

/** Every combination of the axes' values, the first axis slowest; refused past MAX_SWEEP_POINTS. */
export function sweepGrid(axes: readonly SweepAxis[]): SweepPoint[] {
  if (axes.length === 0) invalid('A sweep needs at least one axis.');
  if (axes.length > MAX_AXES) invalid(`A sweep has at most ${MAX_AXES} axes; got ${axes.length}.`);
  const labels = axes.map((a) => a.label);
  const twice = labels.find((l, i) => labels.indexOf(l) !== i);
  if (twice !== undefined) invalid(`${twice} is swept twice: give its values once.`);
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > MAX_SWEEP_POINTS) invalid(`The grid has ${size} runs; the most one sweep runs is ${MAX_SWEEP_POINTS}. Sweep fewer values.`);
  let points: SweepPoint[] = [[]];
  for (const axis of axes) points = points.flatMap((p) => axis.values.map((v) => [...p, v]));
  return points;
}

/**
 * The graph with each axis's param set to the point's value (a copy; the graph is not changed). The node
 * and every step of the path but the last must exist: a sweep changes params, it does not invent them.
 */
export function graphAtPoint(graph: unknown, axes: readonly SweepAxis[], point: SweepPoint): unknown {
  const copy = structuredClone(graph) as { nodes?: Array<{ id?: unknown; params?: unknown }> };
  axes.forEach((axis, i) => {
    const node = Array.isArray(copy.nodes) ? copy.nodes.find((n) => n.id === axis.nodeId) : undefined;
    if (node === undefined) invalid(`The graph has no node "${axis.nodeId}" (from the sweep ${axis.label}).`);
    let at: unknown = node.params;
    for (const [depth, key] of axis.path.slice(0, -1).entries()) {
      at = isObject(at) ? at[key] : undefined;
      if (!isObject(at)) {
        const where = [axis.nodeId, ...axis.path.slice(0, depth + 1)].join('.');
        invalid(`${where} is not an object in the graph, so ${axis.label} cannot be set: sweep ${where} with whole values instead.`);
      }
    }
    if (!isObject(at)) invalid(`Node "${axis.nodeId}" has no params to sweep.`);
    at[axis.path.at(-1)!] = structuredClone(point[i]);
  });
  return copy;
}

/** What a sweep shows of each run. */
export interface SweepRow {
  /** The point's values by axis label. */
  params: Record<string, unknown>;
  summary: Pick<BacktestSummary, 'netPnl' | 'trades' | 'winRate' | 'maxDrawdown' | 'maxDrawdownPct' | 'profitFactor' | 'sharpe'>;
}

/** For two axes: net P&L with the first axis down and the second across (null where a run failed). */
export interface SweepHeatmap {
  rows: { label: string; values: unknown[] };
  columns: { label: string; values: unknown[] };
  netPnl: Array<Array<number | null>>;
}

export function sweepRow(axes: readonly SweepAxis[], point: SweepPoint, s: BacktestSummary): SweepRow {
  const { netPnl, trades, winRate, maxDrawdown, maxDrawdownPct, profitFactor, sharpe } = s;
  return {
    params: Object.fromEntries(axes.map((a, i) => [a.label, point[i]])),
    summary: { netPnl, trades, winRate, maxDrawdown, maxDrawdownPct, profitFactor, sharpe },
  };
}

/** The heatmap of a two-axis sweep; null for one axis or more than two. */
export function sweepHeatmap(axes: readonly SweepAxis[], rows: ReadonlyArray<SweepRow | null>): SweepHeatmap | null {
  if (axes.length !== 2) return null;
  const [down, across] = axes as [SweepAxis, SweepAxis];
  const width = across.values.length;
  const netPnl = down.values.map((_, r) => across.values.map((__, c) => rows[r * width + c]?.summary.netPnl ?? null));
  return { rows: { label: down.label, values: [...down.values] }, columns: { label: across.label, values: [...across.values] }, netPnl };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function invalid(message: string): never {
  throw new BacktestError('INVALID_SETTINGS', message);
}
