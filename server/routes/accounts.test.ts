import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployGraph, settle } from '../testing/trading.ts';

let t: TestApp;
let admin: string;
let accountId: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  accountId = (await request(t.app).get('/api/accounts').set('Cookie', admin).expect(200)).body[0].id;
});
afterEach(() => t.close());

/** The short-straddle template without its leg stops. */
function straddleWithoutStops(): unknown {
  const graph = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'short-straddle.graph.json'), 'utf8'));
  graph.nodes.find((n: { id: string }) => n.id === 'sl').params.stopLoss = null;
  return graph;
}

describe('account money', () => {
  it('shows cash net of charges, and the margin a short straddle uses and leaves free', async () => {
    const before = (await request(t.app).get('/api/accounts').set('Cookie', admin).expect(200)).body[0];
    expect(before).toMatchObject({ capital: 1_000_000, cash: 1_000_000, charges: 0, equity: 1_000_000, marginUsed: 0, marginFree: 1_000_000 });
    const sim = t.ctx.engine.sim;
    // NIFTY at 26,000: the template sells the 26,000 CE and PE, 65 each.
    sim.market.setSpot('NIFTY', 26_000);
    const d = await deployGraph(t, 'admin', straddleWithoutStops());
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    const after = (await request(t.app).get('/api/accounts').set('Cookie', admin).expect(200)).body[0];
    // 65 × 26,000 = 16,90,000 per leg. The CE loses on a rise, the PE on a fall, never both: SPAN one side's
    // 12 % = 2,02,800; exposure 2 % on each leg, 2 × 33,800 = 67,600. Margin 2,70,400.
    expect(after.marginUsed).toBe(270_400);
    expect(after.charges).toBeGreaterThan(0);
    // Equity is net: capital + unrealised − charges; what is free is equity less the margin.
    expect(after.equity).toBeCloseTo(1_000_000 + after.unrealisedPnl - after.charges, 2);
    expect(after.marginFree).toBeCloseTo(after.equity - 270_400, 2);
  });
});

describe('account daily loss limit', () => {
  it('is set and cleared in rupees, and shown with the account', async () => {
    expect((await request(t.app).patch(`/api/accounts/${accountId}`).set('Cookie', admin).send({ maxDailyLoss: 25_000 }).expect(200)).body).toEqual({
      id: accountId,
      maxDailyLoss: 25_000,
    });
    expect((await request(t.app).get('/api/accounts').set('Cookie', admin).expect(200)).body[0]).toMatchObject({ id: accountId, maxDailyLoss: 25_000 });
    await request(t.app).patch(`/api/accounts/${accountId}`).set('Cookie', admin).send({ maxDailyLoss: null }).expect(200);
    expect((await request(t.app).get('/api/accounts').set('Cookie', admin).expect(200)).body[0].maxDailyLoss).toBeNull();
  });

  it('refuses bad limits and another user’s account', async () => {
    const patch = (body: unknown, id = accountId, cookie = admin) =>
      request(t.app)
        .patch(`/api/accounts/${id}`)
        .set('Cookie', cookie)
        .send(body as object);
    for (const body of [{ maxDailyLoss: -5 }, { maxDailyLoss: 0 }, { maxDailyLoss: '5000' }, {}, { maxDailyLoss: 5000, extra: 1 }]) {
      expect([JSON.stringify(body), (await patch(body)).status]).toEqual([JSON.stringify(body), 400]);
    }
    expect((await patch({ maxDailyLoss: 5000 }, accountId, await t.login('bob'))).body.error.code).toBe('not_found');
    expect((await patch({ maxDailyLoss: 5000 }, 'acc_nope')).status).toBe(404);
  });

  it('at the limit, every deployment on the account is squared off and stopped', async () => {
    await request(t.app).patch(`/api/accounts/${accountId}`).set('Cookie', admin).send({ maxDailyLoss: 500 }).expect(200);
    const d = await deployGraph(t, 'admin', straddleWithoutStops());
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    const sim = t.ctx.engine.sim;
    sim.market.setSpot('NIFTY', sim.market.spot('NIFTY') + 400);
    await sim.tick(1_000);
    await settle(t);
    const [group] = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body;
    expect(group.legs.map((l: { exitReason: string }) => l.exitReason)).toEqual(['daily loss limit', 'daily loss limit']);
    const deployment = (await request(t.app).get('/api/deployments').set('Cookie', admin).expect(200)).body.find(
      (x: { id: string }) => x.id === d.deploymentId,
    );
    expect(deployment.status).toBe('stopped');
  });
});
