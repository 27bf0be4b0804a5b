import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../testing/trading.ts';

let t: TestApp;
let d: Deployed;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  d = await deployTemplate(t, 'admin');
  cookie = await t.login('admin');
});
afterEach(() => t.close());

const orders = async () =>
  (await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Array<{
    side: string;
    qty: number;
    status: string;
    symbol: string;
  }>;
const alert = (body: object) => JSON.stringify({ secret: d.secret, ...body });

describe('TradingView webhook', () => {
  it('an ENTRY alert is journaled, answered 200 and executes: two SIM SELL orders filled, two legs open', async () => {
    const res = await request(t.app)
      .post(d.hookPath)
      .set('Content-Type', 'text/plain')
      .send(alert({ action: 'ENTRY', price: '25880.5', qty: '1' }))
      .expect(200);
    expect(res.body).toMatchObject({ status: 'accepted', signalId: expect.stringMatching(/^sig_/) });
    await settle(t);
    const signal = await request(t.app).get(`/api/signals/${res.body.signalId}`).set('Cookie', cookie).expect(200);
    expect(signal.body).toMatchObject({ source: 'tradingview', channel: 'nifty-straddle', action: 'ENTRY', status: 'completed' });
    expect(signal.body.signal.price).toBe(25880.5);
    expect(signal.body.runs).toEqual([expect.objectContaining({ deploymentId: d.deploymentId, status: 'completed' })]);
    expect(signal.body.runs[0].trace.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['tv', 'route', 'straddle', 'sl', 'squareoff', 'enter']);
    const placed = await orders();
    expect(placed).toHaveLength(2);
    expect(placed.every((o) => o.side === 'SELL' && o.qty === 65 && o.status === 'FILLED')).toBe(true);
    const groups = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body;
    expect(groups).toHaveLength(1);
    expect(groups[0].legs.map((l: { status: string; qty: number }) => [l.status, l.qty])).toEqual([
      ['open', 65],
      ['open', 65],
    ]);
  });

  it('the alert message the deployment shows is accepted as it is, once TradingView fills its placeholders', async () => {
    const filled = d.alertMessage
      .replace('{{strategy.order.action}}', 'ENTRY')
      .replace('{{ticker}}', 'NIFTY')
      .replace('{{close}}', '25880.50')
      .replace('{{strategy.order.contracts}}', '1')
      .replace('{{strategy.market_position}}', 'short')
      .replace('{{timenow}}', '2026-11-25T04:30:00Z')
      .replace('{{strategy.order.id}}', 'Short');
    await request(t.app).post(d.hookPath).set('Content-Type', 'application/json').send(filled).expect(200);
    await settle(t);
    expect(await orders()).toHaveLength(2);
  });

  it('a resent alert (same id and time) is answered 200 duplicate with the original id and places nothing more', async () => {
    const body = alert({ action: 'ENTRY', id: 'Short', time: '2026-11-25T04:30:00Z' });
    const first = await request(t.app).post(d.hookPath).send(body).expect(200);
    const again = await request(t.app).post(d.hookPath).send(body).expect(200);
    expect(again.body).toEqual({ status: 'duplicate', signalId: first.body.signalId });
    // The same body again without id/time is a duplicate too, inside the dedupe window.
    const plain = alert({ action: 'ENTRY' });
    const p1 = await request(t.app).post(d.hookPath).send(plain).expect(200);
    expect((await request(t.app).post(d.hookPath).send(plain).expect(200)).body).toEqual({ status: 'duplicate', signalId: p1.body.signalId });
    await settle(t);
    expect(await orders()).toHaveLength(4);
  });

  it('a text alert authenticates with ?secret= and takes its first word as the action', async () => {
    const res = await request(t.app)
      .post(`${d.hookPath}?secret=${encodeURIComponent(d.secret)}`)
      .set('Content-Type', 'text/plain')
      .send('exit all now')
      .expect(200);
    await settle(t);
    const signal = await request(t.app).get(`/api/signals/${res.body.signalId}`).set('Cookie', cookie).expect(200);
    expect(signal.body).toMatchObject({ action: 'EXIT', status: 'completed', signal: { text: 'exit all now' } });
  });

  it('answers bad input with clear JSON errors and loses nothing accepted before', async () => {
    const ok = await request(t.app)
      .post(d.hookPath)
      .send(alert({ action: 'ENTRY' }))
      .expect(200);
    const bad: Array<[string, () => request.Test, number, string]> = [
      [
        'unknown token',
        () =>
          request(t.app)
            .post('/hooks/tv/aaaaaaaaaaaaaaaaaaaaaaaa')
            .send(alert({ action: 'ENTRY' })),
        404,
        'unknown_token',
      ],
      [
        'garbage token',
        () =>
          request(t.app)
            .post('/hooks/tv/..%2f..%2fetc')
            .send(alert({ action: 'ENTRY' })),
        404,
        'unknown_token',
      ],
      ['wrong secret', () => request(t.app).post(d.hookPath).send({ secret: 'nope', action: 'ENTRY' }), 401, 'wrong_secret'],
      ['no secret', () => request(t.app).post(d.hookPath).send({ action: 'ENTRY' }), 401, 'missing_secret'],
      [
        'broken JSON (not taken for a text alert)',
        () => request(t.app).post(d.hookPath).set('Content-Type', 'application/json').send('{"action": "ENTRY", "secret": '),
        400,
        'invalid_json',
      ],
      ['empty body', () => request(t.app).post(d.hookPath).set('Content-Type', 'text/plain').send(''), 400, 'empty_body'],
      [
        'no action',
        () =>
          request(t.app)
            .post(d.hookPath)
            .send(alert({ price: '1' })),
        400,
        'invalid_signal',
      ],
      [
        'price that is not a number',
        () =>
          request(t.app)
            .post(d.hookPath)
            .send(alert({ action: 'ENTRY', price: 'abc' })),
        400,
        'invalid_signal',
      ],
      [
        '__proto__ key',
        () => request(t.app).post(d.hookPath).set('Content-Type', 'text/plain').send(`{"secret":"${d.secret}","action":"ENTRY","__proto__":{"polluted":1}}`),
        400,
        'invalid_signal',
      ],
      [
        'body over 64 KB',
        () =>
          request(t.app)
            .post(d.hookPath)
            .set('Content-Type', 'text/plain')
            .send(alert({ action: 'ENTRY', pad: 'x'.repeat(70_000) })),
        413,
        'body_too_large',
      ],
    ];
    for (const [what, send, status, code] of bad) {
      const res = await send();
      expect([what, res.status, res.body.error?.code]).toEqual([what, status, code]);
      expect(res.body.error.message.length).toBeGreaterThan(10);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await settle(t);
    const first = await request(t.app).get(`/api/signals/${ok.body.signalId}`).set('Cookie', cookie).expect(200);
    expect(first.body.status).toBe('completed');
    expect(await orders()).toHaveLength(2);
  });

  it('limits alerts per channel with 429', async () => {
    const limited = createApp({ ...t.ctx, env: { ...t.ctx.env, LEGFLOW_WEBHOOK_RATE_PER_MINUTE: 2 } }).app;
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        (
          await request(limited)
            .post(d.hookPath)
            .send(alert({ action: 'NOTE', n: i }))
        ).status,
      );
    expect(codes).toEqual([200, 200, 429, 429]);
  });

  it('with the allowlist on, only TradingView addresses get in (through one trusted proxy)', async () => {
    const env = { ...t.ctx.env, LEGFLOW_TV_ALLOWLIST: true, LEGFLOW_TRUSTED_PROXIES: 1 };
    const guarded = createApp({ ...t.ctx, env }).app;
    const refused = await request(guarded)
      .post(d.hookPath)
      .set('X-Forwarded-For', '203.0.113.9')
      .send(alert({ action: 'NOTE' }));
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden_address']);
    await request(guarded)
      .post(d.hookPath)
      .set('X-Forwarded-For', '52.89.214.238')
      .send(alert({ action: 'NOTE' }))
      .expect(200);
  });

  it('a signal on a channel no running deployment listens to is journaled as ignored', async () => {
    await request(t.app).post(`/api/deployments/${d.deploymentId}/stop`).set('Cookie', cookie).expect(200);
    const res = await request(t.app)
      .post(d.hookPath)
      .send(alert({ action: 'ENTRY' }))
      .expect(200);
    expect(res.body.status).toBe('ignored');
    expect(await orders()).toEqual([]);
  });
});
