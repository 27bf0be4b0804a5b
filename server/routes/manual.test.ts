import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployGraph, deployTemplate, settle } from '../testing/trading.ts';

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
});
afterEach(() => t.close());

/** The short straddle started by a manual-trigger button (ENTRY) instead of TradingView. */
function manualStraddle(): unknown {
  const graph = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'short-straddle.graph.json'), 'utf8')) as {
    nodes: Array<{ id: string; type: string; params: Record<string, unknown> }>;
  };
  const source = graph.nodes.find((n) => n.id === 'tv')!;
  source.type = 'source.manual';
  source.params = { action: 'ENTRY', channel: 'desk' };
  return graph;
}

const press = (deploymentId: string, body?: object, cookie = admin) => {
  const req = request(t.app).post(`/api/deployments/${deploymentId}/manual`).set('Cookie', cookie);
  return body ? req.send(body) : req;
};

describe('POST /api/deployments/:id/manual', () => {
  it('fires the manual-trigger node with its action: a manual signal that enters the straddle', async () => {
    const d = await deployGraph(t, 'admin', manualStraddle());
    const res = await press(d.deploymentId).expect(200);
    expect(res.body).toMatchObject({ status: 'accepted', signalId: expect.stringMatching(/^sig_/) });
    await settle(t);
    const signal = (await request(t.app).get(`/api/signals/${res.body.signalId}`).set('Cookie', admin).expect(200)).body;
    expect(signal).toMatchObject({ source: 'manual', channel: 'desk', action: 'ENTRY', status: 'completed' });
    const orders = (await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body;
    expect(orders.map((o: { side: string; status: string }) => `${o.side} ${o.status}`)).toEqual(['SELL FILLED', 'SELL FILLED']);

    // Each press is a signal of its own (never a duplicate), and the action can be overridden.
    const exit = await press(d.deploymentId, { nodeId: 'tv', action: 'exit' }).expect(200);
    expect(exit.body.status).toBe('accepted');
    await settle(t);
    const after = (await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body;
    expect(after.map((o: { side: string }) => o.side).sort()).toEqual(['BUY', 'BUY', 'SELL', 'SELL']);
  });

  it('refuses a stopped deployment, a graph without a manual trigger, an unknown node and another user', async () => {
    const d = await deployGraph(t, 'admin', manualStraddle());
    expect((await press(d.deploymentId, { nodeId: 'nope' }).expect(400)).body.error).toMatchObject({ code: 'unknown_node', details: { nodeIds: ['tv'] } });
    expect((await press(d.deploymentId, { action: 'not a word' }).expect(400)).body.error.code).toBe('invalid_signal');
    expect((await press(d.deploymentId, {}, await t.login('bob')).expect(404)).body.error.code).toBe('not_found');

    const tv = await deployTemplate(t, 'admin');
    expect((await press(tv.deploymentId).expect(422)).body.error.code).toBe('no_manual_source');

    await request(t.app).post(`/api/deployments/${d.deploymentId}/stop`).set('Cookie', admin).expect(200);
    expect((await press(d.deploymentId).expect(409)).body.error.code).toBe('not_running');
    const signals = (await request(t.app).get(`/api/signals?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body;
    expect(signals).toEqual([]);
  });
});
