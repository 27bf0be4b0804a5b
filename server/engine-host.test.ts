import { registry } from '../nodes/catalogue.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { SimEngine } from '../runtime/sim-engine.ts';
import { istToMs } from '../runtime/time.ts';
import { AtRest } from './auth/at-rest.ts';
import { Revocations } from './auth/revocations.ts';
import { BacktestRunner } from './backtests/runner.ts';
import type { AppContext } from './context.ts';
import { openSqliteStorage } from './db/sqlite-storage.ts';
import { EngineHost } from './engine-host.ts';
import { parseEnv } from './env.ts';
import { createTestApp } from './testing/app.ts';
import { deployGraph, settle } from './testing/trading.ts';

async function hostOn(dataDir: string) {
  const database = await openSqliteStorage(dataDir);
  const log = pino({ level: 'silent' });
  const engine = new EngineHost(new SimEngine({ startMs: istToMs('2026-11-25', '10:00'), seed: 1 }), database, log);
  const ctx: AppContext = {
    storage: database,
    env: parseEnv({}),
    log,
    engine,
    nodes: registry,
    trading: engine.trading,
    atRest: new AtRest(AtRest.generateKey()),
    revocations: new Revocations(log),
    backtests: new BacktestRunner({ db: database.db, events: engine.events, log }),
  };
  return { ctx, engine, database };
}

describe('engine host across a restart', () => {
  it('the SIM market continues from its last levels instead of jumping back to the reference', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'legflow-host-'));
    const first = await hostOn(dataDir);
    const reference = first.engine.sim.market.spot('NIFTY');
    first.engine.sim.market.setSpot('NIFTY', 24_123.45);
    const stop = first.engine.startTickEvents(10);
    await new Promise((r) => setTimeout(r, 60));
    stop();
    await first.engine.store.flush();
    await first.database.close();

    const second = await hostOn(dataDir);
    expect(second.engine.sim.market.spot('NIFTY')).toBe(reference);
    await second.engine.restore(second.ctx);
    expect(second.engine.sim.market.spot('NIFTY')).toBe(24_123.45);
    await second.database.close();
  });
});

describe('price sources in a running deployment', () => {
  it('a price cross on a market step fires the deployment and journals a price signal that enters', async () => {
    const t = await createTestApp();
    try {
      const cookie = await t.login('admin');
      const { sim } = t.ctx.engine;
      sim.market.setSpot('NIFTY', 26150); // the baseline the deployment reads when it starts
      const graph = {
        schemaVersion: 1,
        name: 'NIFTY above 26,200 sells the straddle',
        nodes: [
          { id: 'cross', type: 'source.price', typeVersion: 1, position: { x: 0, y: 0 }, params: { underlying: 'NIFTY', level: 26200 } },
          { id: 'straddle', type: 'legs.strategy', typeVersion: 1, position: { x: 200, y: 0 }, params: {} },
          { id: 'enter', type: 'exec.enter', typeVersion: 1, position: { x: 400, y: 0 }, params: {} },
        ],
        edges: [
          { id: 'e1', source: 'cross', sourceHandle: 'signal', target: 'straddle', targetHandle: 'in' },
          { id: 'e2', source: 'straddle', sourceHandle: 'legs', target: 'enter', targetHandle: 'in' },
        ],
      };
      const d = await deployGraph(t, 'admin', graph);
      // The editor's test run of {action: ENTRY} stands for a cross: the whole path runs, placing nothing.
      const trial = (
        await request(t.app)
          .post(`/api/graphs/${d.graphId}/test`)
          .set('Cookie', cookie)
          .send({ signal: { action: 'ENTRY' } })
          .expect(200)
      ).body as { status: string; steps: Array<{ nodeId: string }> };
      expect([trial.status, trial.steps.map((s) => s.nodeId)]).toEqual(['completed', ['cross', 'straddle', 'enter']]);
      sim.market.setSpot('NIFTY', 26210);
      await sim.step();
      await settle(t);
      const signals = (await request(t.app).get(`/api/signals?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Array<
        Record<string, unknown>
      >;
      expect(signals).toHaveLength(1);
      expect(signals[0]).toMatchObject({ source: 'price', channel: 'price', action: 'ENTRY', status: 'completed' });
      const orders = (await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Array<{
        side: string;
        symbol: string;
      }>;
      expect(orders.map((o) => `${o.side} ${o.symbol}`).sort()).toEqual(['SELL NIFTY01DEC2626200CE', 'SELL NIFTY01DEC2626200PE']);
    } finally {
      await t.close();
    }
  });
});
