import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtest, refusal } from './testing/backtest-cli.ts';
import { registry } from '../nodes/catalogue.ts';
import { runBacktest } from '../runtime/backtest/backtest.ts';
import { listenersOfPlan, readSignalsFile } from '../runtime/backtest/signals-file.ts';
import { graphAtPoint, parseSweepAxis } from '../runtime/backtest/sweep.ts';
import { compileGraph } from '../runtime/plan.ts';

const TEMPLATE = 'templates/short-straddle.graph.json';
const SIGNALS = 'time,action\n2026-11-23 09:45,ENTRY\n2026-11-23 14:00,EXIT\n2026-11-25 09:45,ENTRY\n';

describe('legflow backtest --sweep', () => {
  it('runs every combination on backtest threads, each the same as one backtest of that graph, and lays out the heatmap', async () => {
    const signals = join(mkdtempSync(join(tmpdir(), 'legflow-sweep-')), 's.csv');
    writeFileSync(signals, SIGNALS);
    const range = ['--from', '2026-11-23', '--to', '2026-11-25', '--signals', signals];
    const r = await backtest(TEMPLATE, ...range, '--sweep', 'sl.stopLoss.value=10,40', '--sweep', 'straddle.lots=1,2', '--threads', '2', '--json');
    expect(r.code).toBe(0);
    expect(r.err.trim().split('\n').at(-1)).toBe('legflow: sweep 4 of 4 runs done');
    const out = JSON.parse(r.out) as {
      runs: Array<{ params: Record<string, number>; summary: { netPnl: number; trades: number } }>;
      heatmap: { netPnl: number[][] };
    };
    expect(out.runs.map((run) => run.params)).toEqual([
      { 'sl.stopLoss.value': 10, 'straddle.lots': 1 },
      { 'sl.stopLoss.value': 10, 'straddle.lots': 2 },
      { 'sl.stopLoss.value': 40, 'straddle.lots': 1 },
      { 'sl.stopLoss.value': 40, 'straddle.lots': 2 },
    ]);
    // Each run is what one backtest of the changed graph gives, in this thread.
    const graph = JSON.parse(readFileSync(TEMPLATE, 'utf8')) as unknown;
    const axes = [parseSweepAxis('sl.stopLoss.value=10,40'), parseSweepAxis('straddle.lots=1,2')];
    for (const run of out.runs) {
      const plan = compileGraph(graphAtPoint(graph, axes, [run.params['sl.stopLoss.value'], run.params['straddle.lots']]), registry);
      const { signals: parsed } = readSignalsFile(SIGNALS, listenersOfPlan(plan));
      const one = await runBacktest({ plan, from: '2026-11-23', to: '2026-11-25', seed: 1, capital: 1_000_000, stepMs: 60_000, signals: parsed });
      expect(run.summary).toMatchObject({ netPnl: one.summary.netPnl, trades: one.summary.trades });
    }
    expect(out.heatmap.netPnl).toEqual([
      [out.runs[0]!.summary.netPnl, out.runs[1]!.summary.netPnl],
      [out.runs[2]!.summary.netPnl, out.runs[3]!.summary.netPnl],
    ]);
    // A tighter stop is hit more often: the same entries, different exits.
    expect(out.runs[0]!.summary.netPnl).not.toBe(out.runs[2]!.summary.netPnl);
  });

  it('reports a point whose graph its node refuses, and runs the rest', async () => {
    const r = await backtest(TEMPLATE, '--from', '2026-11-25', '--to', '2026-11-25', '--sweep', 'straddle.lots=1,-3', '--threads', '1');
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^straddle\.lots\s+net P&L\s+trades/);
    expect(lines[2]).toMatch(/^\s*-3\s+failed: /);
  });

  it('refuses a sweep it cannot run before running anything', async () => {
    const refused = async (...argv: string[]) => (await refusal(TEMPLATE, '--from', '2026-11-25', '--to', '2026-11-25', ...argv)).message;
    expect(await refused('--sweep', 'nope.x=1')).toBe('The graph has no node "nope" (from the sweep nope.x).');
    expect(await refused('--sweep', 'sl.stopLoss.value=abc')).toMatch(/not a list of JSON values/);
    expect(await refused('--sweep', 'sl.stopLoss.value=20', '--threads', '0')).toBe('--threads must be 1 or more');
    expect(await refused('--sweep', 'sl.stopLoss.value=20', '--trades-csv', 'x.csv')).toBe('--trades-csv and --days-csv write one run; a sweep makes many');
  });
});
