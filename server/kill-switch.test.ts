import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing/app.ts';
import { deployGraph, settle, type Deployed } from './testing/trading.ts';

/** The short-straddle template without leg stops, with a ₹500 daily loss limit before the entry. */
function killSwitchGraph(): unknown {
  const graph = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'templates', 'short-straddle.graph.json'), 'utf8'));
  graph.nodes.find((n: { id: string }) => n.id === 'sl').params.stopLoss = null;
  graph.nodes.push({ id: 'limits', type: 'risk.limits', typeVersion: 1, position: { x: 0, y: 0 }, params: { maxDailyLoss: 500 } });
  graph.edges = graph.edges.filter((e: { source: string }) => e.source !== 'squareoff');
  graph.edges.push(
    { id: 'squareoff-limits', source: 'squareoff', sourceHandle: 'out', target: 'limits', targetHandle: 'in' },
    { id: 'limits-enter', source: 'limits', sourceHandle: 'out', target: 'enter', targetHandle: 'in' },
  );
  return graph;
}

let t: TestApp;
let d: Deployed;
let cookie: string;
beforeEach(async () => {
  t = await createTestApp();
  d = await deployGraph(t, 'admin', killSwitchGraph());
  cookie = await t.login('admin');
});
afterEach(() => t.close());

describe('daily loss kill switch in a running deployment', () => {
  it('squares off, stops the deployment (also in storage) and tells the WebSocket; later alerts are ignored', async () => {
    const stopped: unknown[] = [];
    t.ctx.engine.events.on((e) => e.type === 'deployment.stopped' && stopped.push(e.data));
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    const sim = t.ctx.engine.sim;
    sim.market.setSpot('NIFTY', sim.market.spot('NIFTY') + 400); // the sold CE jumps: far more than ₹500 lost
    await sim.tick(1_000);
    await settle(t);

    const [group] = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body;
    expect(group.status).toBe('closed');
    expect(group.legs.map((l: { exitReason: string }) => l.exitReason)).toEqual(['daily loss limit', 'daily loss limit']);
    expect(group.realisedPnl).toBeLessThanOrEqual(-500);
    expect(stopped).toEqual([{ deploymentId: d.deploymentId, reason: 'daily loss limit', pnl: expect.any(Number) }]);

    const deployment = (await request(t.app).get('/api/deployments').set('Cookie', cookie).expect(200)).body.find(
      (x: { id: string }) => x.id === d.deploymentId,
    );
    expect(deployment.status).toBe('stopped');
    await t.ctx.engine.store.flush();
    expect(await t.ctx.storage.db.selectFrom('deployments').select('status').where('id', '=', d.deploymentId).executeTakeFirst()).toEqual({
      status: 'stopped',
    });
    expect((await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY', n: 2 }).expect(200)).body.status).toBe('ignored');
  });
});
