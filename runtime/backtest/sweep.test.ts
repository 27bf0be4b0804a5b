import { describe, expect, it } from 'vitest';
import { BacktestError } from './backtest-error.ts';
import type { BacktestSummary } from './stats.ts';
import { graphAtPoint, parseSweepAxis, sweepGrid, sweepHeatmap, sweepRow } from './sweep.ts';

const GRAPH = {
  nodes: [
    { id: 'sl', type: 'risk.leg', params: { stopLoss: { type: 'pct', value: 25 }, target: null } },
    { id: 'legs', type: 'legs.strategy', params: { lots: 1 } },
  ],
};

function refused(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(BacktestError);
    return (err as Error).message;
  }
  throw new Error('not refused');
}

describe('a parameter sweep', () => {
  it('reads an axis as a node, a path in its params and a JSON list of values', () => {
    expect(parseSweepAxis('sl.stopLoss.value=20,25,30')).toEqual({
      nodeId: 'sl',
      path: ['stopLoss', 'value'],
      values: [20, 25, 30],
      label: 'sl.stopLoss.value',
    });
    expect(parseSweepAxis('sl.target={"type":"pct","value":30},null').values).toEqual([{ type: 'pct', value: 30 }, null]);
    expect(refused(() => parseSweepAxis('sl=1'))).toMatch(/is <node id>\.<param>=<values>/);
    expect(refused(() => parseSweepAxis('sl.stopLoss.value'))).toMatch(/is <node id>\.<param>=<values>/);
    expect(refused(() => parseSweepAxis('sl.stopLoss.value=20,,30'))).toMatch(/not a list of JSON values/);
    expect(refused(() => parseSweepAxis('sl.x=current-week'))).toMatch(/not a list of JSON values/);
    expect(refused(() => parseSweepAxis('sl.x='))).toMatch(/has no values/);
  });

  it('runs every combination, the first axis slowest, and refuses a grid too large', () => {
    const stop = parseSweepAxis('sl.stopLoss.value=20,30');
    const lots = parseSweepAxis('legs.lots=1,2,3');
    expect(sweepGrid([stop, lots])).toEqual([
      [20, 1],
      [20, 2],
      [20, 3],
      [30, 1],
      [30, 2],
      [30, 3],
    ]);
    const many = parseSweepAxis(`legs.lots=${Array.from({ length: 21 }, (_, i) => i + 1).join(',')}`);
    expect(refused(() => sweepGrid([many, parseSweepAxis(`sl.stopLoss.value=${Array.from({ length: 20 }, (_, i) => i + 1).join(',')}`)]))).toBe(
      'The grid has 420 runs; the most one sweep runs is 400. Sweep fewer values.',
    );
    expect(refused(() => sweepGrid([stop, stop]))).toBe('sl.stopLoss.value is swept twice: give its values once.');
  });

  it('sets each value in a copy of the graph, and refuses params that are not there to change', () => {
    const axes = [parseSweepAxis('sl.stopLoss.value=20,30'), parseSweepAxis('sl.target={"type":"pct","value":40}')];
    const changed = graphAtPoint(GRAPH, axes, [30, { type: 'pct', value: 40 }]) as typeof GRAPH;
    expect(changed.nodes[0]!.params).toEqual({ stopLoss: { type: 'pct', value: 30 }, target: { type: 'pct', value: 40 } });
    expect(GRAPH.nodes[0]!.params).toEqual({ stopLoss: { type: 'pct', value: 25 }, target: null });
    expect(refused(() => graphAtPoint(GRAPH, [parseSweepAxis('nope.x=1')], [1]))).toBe('The graph has no node "nope" (from the sweep nope.x).');
    expect(refused(() => graphAtPoint(GRAPH, [parseSweepAxis('sl.target.value=30')], [30]))).toBe(
      'sl.target is not an object in the graph, so sl.target.value cannot be set: sweep sl.target with whole values instead.',
    );
  });

  it('lays a two-axis sweep out as a heatmap of net P&L, a failed run empty', () => {
    const axes = [parseSweepAxis('sl.stopLoss.value=20,30'), parseSweepAxis('legs.lots=1,2')];
    const summary = (netPnl: number) =>
      ({ netPnl, trades: 2, winRate: 50, maxDrawdown: 0, maxDrawdownPct: 0, profitFactor: null, sharpe: null }) as unknown as BacktestSummary;
    const rows = [sweepRow(axes, [20, 1], summary(100)), sweepRow(axes, [20, 2], summary(200)), null, sweepRow(axes, [30, 2], summary(-50))];
    expect(rows[0]!.params).toEqual({ 'sl.stopLoss.value': 20, 'legs.lots': 1 });
    expect(sweepHeatmap(axes, rows)).toEqual({
      rows: { label: 'sl.stopLoss.value', values: [20, 30] },
      columns: { label: 'legs.lots', values: [1, 2] },
      netPnl: [
        [100, 200],
        [null, -50],
      ],
    });
    expect(sweepHeatmap(axes.slice(0, 1), rows)).toBeNull();
  });
});
