import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../testing/trading.ts';

let t: TestApp;
let d: Deployed;
let admin: string;
let bob: string;

beforeEach(async () => {
  t = await createTestApp();
  d = await deployTemplate(t, 'admin');
  admin = await t.login('admin');
  bob = await t.login('bob');
});
afterEach(() => t.close());

const enter = async () => {
  await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
  await settle(t);
};

describe('deployments', () => {
  it('shows the channel a trader pastes into TradingView: URL, secret and a ready alert message', async () => {
    const res = await request(t.app).get(`/api/deployments/${d.deploymentId}`).set('Cookie', admin).expect(200);
    expect(res.body).toMatchObject({ id: d.deploymentId, mode: 'sim', status: 'running', multiplier: 1, version: 1 });
    const [channel] = res.body.channels;
    expect(channel).toMatchObject({ channel: 'nifty-straddle', source: 'tradingview', secret: d.secret });
    expect(channel.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/tv\/[A-Za-z0-9_-]{32}$/);
    expect(JSON.parse(channel.alertMessage)).toMatchObject({ secret: d.secret, action: '{{strategy.order.action}}', time: '{{timenow}}' });
    expect((await request(t.app).get('/api/deployments').set('Cookie', admin).expect(200)).body).toHaveLength(1);
  });

  it('square-off exits every open leg at market; stop stops taking signals; start resumes', async () => {
    await enter();
    const res = await request(t.app).post(`/api/deployments/${d.deploymentId}/squareoff`).set('Cookie', admin).expect(200);
    expect(res.body.status).toBe('running');
    await settle(t);
    const orders = (await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body;
    expect(orders.map((o: { side: string }) => o.side).sort()).toEqual(['BUY', 'BUY', 'SELL', 'SELL']);
    const groups = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body;
    expect(groups[0].status).toBe('closed');
    // Realised P&L of the group is exactly Σ (sell − buy) × qty from the fills.
    const paise = orders.reduce(
      (s: number, o: { side: string; avgFillPrice: number; qty: number }) => s + (o.side === 'SELL' ? 1 : -1) * Math.round(o.avgFillPrice * 100) * o.qty,
      0,
    );
    expect(Math.round(groups[0].realisedPnl * 100)).toBe(paise);

    expect((await request(t.app).post(`/api/deployments/${d.deploymentId}/stop`).set('Cookie', admin).expect(200)).body.status).toBe('stopped');
    expect((await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY', n: 2 }).expect(200)).body.status).toBe('ignored');
    expect((await request(t.app).post(`/api/deployments/${d.deploymentId}/start`).set('Cookie', admin).expect(200)).body.status).toBe('running');
    expect((await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY', n: 3 }).expect(200)).body.status).toBe('accepted');
  });

  it('positions carry each leg’s greeks (sold: negative delta, gamma, vega) and the group’s sum, and charges net of P&L', async () => {
    await enter();
    await settle(t);
    const [group] = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body;
    const [ce, pe] = group.legs;
    expect([ce.side, ce.greeks.delta < 0, ce.greeks.gamma < 0, ce.greeks.vega < 0, ce.greeks.theta > 0]).toEqual(['SELL', true, true, true, true]);
    expect(pe.greeks.delta).toBeGreaterThan(0); // a sold put gains as the index rises
    for (const k of ['delta', 'gamma', 'theta', 'vega']) expect(group.greeks[k]).toBeCloseTo(ce.greeks[k] + pe.greeks[k], 9);
    // Two SELL entries of 65: each pays ₹20 brokerage, STT, exchange, SEBI and GST; nothing realised yet.
    expect(group.charges).toBeGreaterThan(40);
    expect(group.netPnl).toBeCloseTo(group.realisedPnl - group.charges, 9);
  });

  it('refuses what cannot be deployed, with clear errors', async () => {
    const live = 'live_acc_1';
    await t.ctx.storage.db
      .insertInto('accounts')
      .values({ id: live, userId: t.users.admin.id, name: 'Broker', mode: 'live', capitalPaise: 0, createdAt: Date.now() })
      .execute();
    const post = (body: object) => request(t.app).post('/api/deployments').set('Cookie', admin).send(body);
    const cases: Array<[string, object, number, string]> = [
      ['unknown graph', { graphId: 'g_nope', version: 1, mode: 'sim' }, 404, 'not_found'],
      ['unpublished version', { graphId: d.graphId, version: 2, mode: 'sim' }, 404, 'unknown_version'],
      ['sim on a live account', { graphId: d.graphId, version: 1, mode: 'sim', accountId: live }, 409, 'mode_mismatch'],
      ['live on the SIM account', { graphId: d.graphId, version: 1, mode: 'live', accountId: await simAccount() }, 409, 'mode_mismatch'],
      ['live with no broker adapter', { graphId: d.graphId, version: 1, mode: 'live', accountId: live }, 422, 'live_unavailable'],
      ['live with no account named', { graphId: d.graphId, version: 1, mode: 'live' }, 422, 'live_unavailable'],
      ['multiplier 0', { graphId: d.graphId, version: 1, mode: 'sim', multiplier: 0 }, 400, 'invalid_request'],
      ['version as text', { graphId: d.graphId, version: 'one', mode: 'sim' }, 400, 'invalid_request'],
      ['mode paper', { graphId: d.graphId, version: 1, mode: 'paper' }, 400, 'invalid_request'],
    ];
    for (const [what, body, status, code] of cases) {
      const res = await post(body);
      expect([what, res.status, res.body.error?.code]).toEqual([what, status, code]);
    }
    expect((await request(t.app).get('/api/deployments').set('Cookie', admin).expect(200)).body).toHaveLength(1);
  });
});

async function simAccount(): Promise<string> {
  return (await t.ctx.storage.db.selectFrom('accounts').select('id').where('userId', '=', t.users.admin.id).where('mode', '=', 'sim').executeTakeFirstOrThrow())
    .id;
}

describe('two users never see each other’s anything', () => {
  it('bob gets 404 or empty lists for admin’s deployment, signals, orders, positions and accounts', async () => {
    await enter();
    const signalId = (await request(t.app).get('/api/signals').set('Cookie', admin).expect(200)).body[0].id;
    for (const path of [
      `/api/deployments/${d.deploymentId}`,
      `/api/signals/${signalId}`,
      `/api/positions?deploymentId=${d.deploymentId}`,
      `/api/orders?deploymentId=${d.deploymentId}`,
    ]) {
      const res = await request(t.app).get(path).set('Cookie', bob);
      expect([path, res.status]).toEqual([path, 404]);
    }
    for (const action of ['start', 'stop', 'squareoff']) {
      await request(t.app).post(`/api/deployments/${d.deploymentId}/${action}`).set('Cookie', bob).expect(404);
    }
    expect((await request(t.app).get('/api/deployments').set('Cookie', bob).expect(200)).body).toEqual([]);
    expect((await request(t.app).get('/api/signals').set('Cookie', bob).expect(200)).body).toEqual([]);
    expect((await request(t.app).get('/api/orders').set('Cookie', bob).expect(200)).body).toEqual([]);
    expect((await request(t.app).get('/api/positions').set('Cookie', bob).expect(200)).body).toEqual([]);
    const accounts = (await request(t.app).get('/api/accounts').set('Cookie', bob).expect(200)).body;
    expect(accounts).toEqual([expect.objectContaining({ mode: 'sim', capital: 1_000_000, cash: 1_000_000 })]);
    // bob cannot deploy admin's graph either
    await request(t.app).post('/api/deployments').set('Cookie', bob).send({ graphId: d.graphId, version: 1, mode: 'sim' }).expect(404);
    // and admin's webhook never reaches bob's deployments of the same template
    const mine = await deployTemplate(t, 'bob');
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY', n: 2 }).expect(200);
    await settle(t);
    expect((await request(t.app).get(`/api/orders?deploymentId=${mine.deploymentId}`).set('Cookie', bob).expect(200)).body).toEqual([]);
  });

  it('the market endpoints answer quotes and chains, and refuse unknown symbols', async () => {
    const quote = await request(t.app).get('/api/market/quote?symbol=NIFTY').set('Cookie', bob).expect(200);
    expect(quote.body.ltp).toBeGreaterThan(20_000);
    const chain = await request(t.app).get('/api/market/chain?underlying=NIFTY&around=2').set('Cookie', bob).expect(200);
    expect(chain.body.rows).toHaveLength(5);
    expect(chain.body.expiry).toBe('2026-12-01');
    expect((await request(t.app).get('/api/market/quote?symbol=NOPE').set('Cookie', bob).expect(404)).body.error.code).toBe('unknown_symbol');
    expect((await request(t.app).get('/api/market/chain?underlying=NIFTY&expiry=2026-12-02').set('Cookie', bob).expect(404)).body.error.code).toBe(
      'unknown_expiry',
    );
    expect((await request(t.app).get('/api/market/quote').set('Cookie', bob).expect(400)).body.error.code).toBe('invalid_request');
    await request(t.app).get('/api/market/quote?symbol=NIFTY').expect(401);
  });
});

describe('malformed requests to the trading routes', () => {
  it('answer 400, 413 or 404 with the error shape, and change nothing', async () => {
    const raw = (body: string) => request(t.app).post('/api/deployments').set('Cookie', admin).set('Content-Type', 'application/json').send(body);
    const cases: Array<[string, request.Test, number, string]> = [
      ['malformed JSON', raw('{"graphId": '), 400, 'invalid_json'],
      ['__proto__ key', raw(`{"graphId":"${d.graphId}","version":1,"mode":"sim","__proto__":{"admin":true}}`), 400, 'invalid_request'],
      ['huge body', raw(JSON.stringify({ graphId: d.graphId, version: 1, mode: 'sim', pad: 'x'.repeat(300_000) })), 413, 'body_too_large'],
      ['signals limit not a number', request(t.app).get('/api/signals?limit=lots').set('Cookie', admin), 400, 'invalid_request'],
      ['signals limit too big', request(t.app).get('/api/signals?limit=100000').set('Cookie', admin), 400, 'invalid_request'],
      ['unknown signal', request(t.app).get('/api/signals/sig_nope').set('Cookie', admin), 404, 'not_found'],
      ['unknown deployment action', request(t.app).post(`/api/deployments/${d.deploymentId}/explode`).set('Cookie', admin), 404, 'not_found'],
      ['no credentials', request(t.app).get('/api/orders'), 401, 'unauthenticated'],
    ];
    for (const [what, pending, status, code] of cases) {
      const res = await pending;
      expect([what, res.status, res.body.error?.code]).toEqual([what, status, code]);
    }
    expect((await request(t.app).get('/api/deployments').set('Cookie', admin).expect(200)).body).toHaveLength(1);
  });
});
