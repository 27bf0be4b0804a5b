import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { istToMs } from '../../runtime/time.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../testing/trading.ts';

let t: TestApp;
let d: Deployed;
let admin: string;
let stopTicks: (() => void) | undefined;

beforeEach(async () => {
  t = await createTestApp();
  d = await deployTemplate(t, 'admin');
  admin = await t.login('admin');
});
afterEach(async () => {
  stopTicks?.();
  stopTicks = undefined;
  await t.close();
});

/** One market second, and the tick event that samples it (the server's tick events, every 2 ms here). */
async function second(): Promise<void> {
  stopTicks ??= t.ctx.engine.startTickEvents(2);
  await t.ctx.engine.sim.tick(1_000);
  const at = t.ctx.engine.sim.market.time;
  await new Promise<void>((resolve) => {
    const off = t.ctx.engine.events.on((e) => {
      if (e.type === 'tick' && e.data.time >= at) {
        off();
        resolve();
      }
    });
  });
}

const history = (query = '') => request(t.app).get(`/api/deployments/${d.deploymentId}/history${query}`).set('Cookie', admin);

describe('GET /api/deployments/:id/history', () => {
  it('has the underlying, combined premium and MTM of every second since the deployment ran, and the signals', async () => {
    for (let i = 0; i < 3; i++) await second();
    const alert = await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    for (let i = 0; i < 3; i++) await second();

    const res = await history().expect(200);
    const { time, spot, premium, mtm } = res.body as { time: number[]; spot: number[]; premium: Array<number | null>; mtm: number[] };
    expect(res.body).toMatchObject({ deploymentId: d.deploymentId, underlying: 'NIFTY' });
    expect(time.length).toBeGreaterThanOrEqual(6);
    expect([spot.length, premium.length, mtm.length]).toEqual([time.length, time.length, time.length]);
    expect(time.every((x, i) => i === 0 || x > time[i - 1]!)).toBe(true);
    expect(time[0]).toBeGreaterThanOrEqual(istToMs('2026-11-25', '10:00'));
    expect(spot.every((s) => s > 20_000)).toBe(true);
    // Nothing held before the entry; the straddle's two legs after it, and its MTM from them.
    expect(premium.slice(0, 3)).toEqual([null, null, null]);
    expect(mtm.slice(0, 3)).toEqual([0, 0, 0]);
    const held = premium[premium.length - 1]!;
    expect(held).toBeGreaterThan(100);
    const [group] = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body;
    const legsLtp = group.legs.reduce((sum: number, l: { ltp: number }) => sum + l.ltp, 0);
    expect(held).toBeCloseTo(legsLtp, 2);
    const openMtm = group.legs.reduce((sum: number, l: { ltp: number; entryPrice: number; qty: number }) => sum + (l.entryPrice - l.ltp) * l.qty, 0);
    expect(mtm[mtm.length - 1]).toBeCloseTo(group.netPnl + openMtm, 2);
    expect(res.body.signals).toEqual([expect.objectContaining({ id: alert.body.signalId, source: 'tradingview', action: 'ENTRY', status: 'completed' })]);

    const since = time[time.length - 2]!;
    const tail = (await history(`?since=${since}`).expect(200)).body;
    expect(tail.time).toEqual(time.slice(-2));
    expect((await history('?limit=1').expect(200)).body.mtm).toEqual(mtm.slice(-1));
  });

  it('is empty before the first sample, and another user’s deployment is 404', async () => {
    expect((await history().expect(200)).body).toEqual({
      deploymentId: d.deploymentId,
      underlying: null,
      time: [],
      spot: [],
      premium: [],
      mtm: [],
      signals: [],
    });
    const bob = await t.login('bob');
    const res = await request(t.app).get(`/api/deployments/${d.deploymentId}/history`).set('Cookie', bob).expect(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', details: { id: d.deploymentId } });
    await request(t.app).get(`/api/deployments/d_nope/history`).set('Cookie', admin).expect(404);
    await request(t.app).get(`/api/deployments/${d.deploymentId}/history`).expect(401);
  });

  it('refuses a bad since or limit with the error shape', async () => {
    for (const q of ['?since=yesterday', '?since=-1', '?limit=0', '?limit=100000']) {
      const res = await history(q).expect(400);
      expect(res.body.error.code, q).toBe('invalid_request');
    }
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const op = doc.paths['/api/deployments/{id}/history'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'since', 'limit']);
    expect(doc.paths['/api/deployments'].post.requestBody.content['application/json'].schema.properties.schedule).toBeDefined();
  });
});
