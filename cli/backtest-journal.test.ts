import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtest, refusal } from './testing/backtest-cli.ts';
import { istToMs } from '../runtime/time.ts';
import { createTestApp } from '../server/testing/app.ts';
import { deployTemplate, settle } from '../server/testing/trading.ts';

const store = mkdtempSync(join(tmpdir(), 'legflow-journal-'));
let deploymentId = '';

/**
 * A server on a data folder, the short straddle deployed to SIM, and what TradingView sent it on Wed 25 Nov
 * 2026 (the SIM clock starts at 10:00 IST): ENTRY at 10:00, the same ENTRY resent (a duplicate), EXIT at 11:00.
 */
beforeAll(async () => {
  const t = await createTestApp({}, {}, store);
  const d = await deployTemplate(t, 'admin');
  deploymentId = d.deploymentId;
  const entry = JSON.stringify({ secret: d.secret, action: 'ENTRY', id: 'e1', time: '2026-11-25T04:30:00Z' });
  await request(t.app).post(d.hookPath).send(entry).expect(200);
  expect((await request(t.app).post(d.hookPath).send(entry).expect(200)).body).toMatchObject({ status: 'duplicate' });
  await settle(t);
  await t.ctx.engine.sim.tick(60 * 60_000);
  await request(t.app)
    .post(d.hookPath)
    .send(JSON.stringify({ secret: d.secret, action: 'EXIT' }))
    .expect(200);
  await settle(t);
  await t.close();
});

/** The template with its per-leg stop at 30 % instead of 25 %: the change a trader wants to test on real alerts. */
function widerStop(): string {
  const graph = JSON.parse(readFileSync('templates/short-straddle.graph.json', 'utf8')) as { nodes: Array<{ id: string; params: Record<string, unknown> }> };
  graph.nodes.find((n) => n.id === 'sl')!.params.stopLoss = { type: 'pct', value: 30 };
  const path = join(mkdtempSync(join(tmpdir(), 'legflow-graph-')), 'straddle-30.json');
  writeFileSync(path, JSON.stringify(graph));
  return path;
}

describe('legflow backtest --journal', () => {
  it('replays the alerts a deployment really received, at the market times it received them, with the graph changed', async () => {
    const r = await backtest(widerStop(), '--from', '2026-11-25', '--to', '2026-11-25', '--journal', deploymentId, '--store', store, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      trades: Array<{ side: string; entryTime: string; exitTime: string; exitReason: string }>;
      inputs: { journal: unknown; signals: { count: number } };
    };
    // Two alerts: the duplicate was never a run and is not replayed.
    expect(out.inputs.journal).toEqual({ deploymentId, signals: 2, engineMade: 0 });
    expect(out.inputs.signals.count).toBe(2);
    const iso = (hhmm: string) => new Date(istToMs('2026-11-25', hhmm)).toISOString();
    expect(out.trades).toHaveLength(2);
    for (const trade of out.trades) {
      expect(trade).toMatchObject({ side: 'SELL', entryTime: iso('10:00') });
      // Each leg leaves at the EXIT of 11:00, or earlier at its (now 30 %) stop.
      expect(trade.exitTime <= iso('11:00')).toBe(true);
      expect(trade.exitReason === 'tradingview EXIT' || trade.exitReason === 'leg stop-loss').toBe(true);
    }
  });

  it('says so when the range holds none of its alerts', async () => {
    const r = await backtest('templates/short-straddle.graph.json', '--from', '2026-11-26', '--to', '2026-11-26', '--journal', deploymentId, '--store', store);
    expect(r.out.split('\n')[1]).toBe(`Signals: 0 journaled by deployment ${deploymentId} in the range, replayed at their times`);
  });

  it('refuses a deployment or a folder it cannot read, and two sources of signals', async () => {
    const refused = async (...argv: string[]) => (await refusal(...argv)).message;
    const range = ['--from', '2026-11-25', '--to', '2026-11-25'];
    const graph = 'templates/short-straddle.graph.json';
    expect(await refused(graph, ...range, '--journal', 'dep-nope', '--store', store)).toMatch(/^there is no deployment "dep-nope" in /);
    const empty = mkdtempSync(join(tmpdir(), 'legflow-empty-'));
    expect(await refused(graph, ...range, '--journal', deploymentId, '--store', empty)).toBe(
      `there is no Legflow database in ${empty}: pass the server's data folder with --store <dir>`,
    );
    expect(await refused(graph, ...range, '--journal', deploymentId, '--signals', 'x.csv')).toBe(
      '--signals and --journal are two sources of signals: give one',
    );
    expect(await refused(graph, ...range, '--store', store)).toMatch(/^--store names the data folder/);
  });
});
