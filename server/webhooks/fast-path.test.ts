import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../testing/trading.ts';
import { fastWebhook } from './fast-path.ts';
import type { AlertReceiver } from './tradingview.ts';

let t: TestApp;
let d: Deployed;
let server: Server;
let base: string;
let receive: AlertReceiver;

/** The server as `legflow start` builds it: webhooks answered ahead of express, everything else by express. */
beforeAll(async () => {
  t = await createTestApp();
  d = await deployTemplate(t, 'admin');
  const { app, receiveAlert } = createApp({ ...t.ctx, env: { ...t.ctx.env, LEGFLOW_TV_ALLOWLIST: true, LEGFLOW_TRUSTED_PROXIES: 1 } });
  receive = receiveAlert;
  const webhook = fastWebhook(receiveAlert, 1, pino({ level: 'silent' }));
  server = createServer((req, res) => {
    if (!webhook(req, res)) app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

const tv = { 'x-forwarded-for': '52.32.178.7' };

describe('webhook fast path', () => {
  it('accepts an alert from TradingView’s address and the run places the orders', async () => {
    const res = await fetch(`${base}${d.hookPath}`, { method: 'POST', headers: tv, body: JSON.stringify({ secret: d.secret, action: 'ENTRY' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'accepted' });
    await settle(t);
    const orders = await request(t.app)
      .get(`/api/orders?deploymentId=${d.deploymentId}`)
      .set('Cookie', await t.login('admin'))
      .expect(200);
    expect(orders.body).toHaveLength(2);
  });

  it('answers once the alert is journaled, before its run starts; the run follows', async () => {
    const token = d.hookPath.split('/').pop()!;
    // Another body than the first test's alert, which would be its duplicate within the window.
    const body = Buffer.from(JSON.stringify({ secret: d.secret, action: 'ENTRY', price: '25901.5' }));
    const answer = await receive({ token, body, querySecret: undefined, ip: '52.32.178.7' });
    expect(answer.status).toBe('accepted');
    // The reply is written in the microtasks after this: the graph has not run, the SIM has not filled.
    expect(t.ctx.engine.inProgressSignal(answer.signalId)).toBe(false);
    await settle(t);
    const signal = await request(t.app)
      .get(`/api/signals/${answer.signalId}`)
      .set('Cookie', await t.login('admin'))
      .expect(200);
    expect(signal.body).toMatchObject({ status: 'completed' });
  });

  it('gives the same JSON errors as the express route', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = tv) => fetch(`${base}${path}`, { method: 'POST', headers, body });
    const cases: Array<[string, Promise<Response>, number, string]> = [
      [
        'not TradingView',
        post(d.hookPath, JSON.stringify({ secret: d.secret, action: 'ENTRY' }), { 'x-forwarded-for': '198.51.100.7' }),
        403,
        'forbidden_address',
      ],
      ['unknown token', post('/hooks/tv/xxxxxxxxxxxxxxxxxxxxxxxx', JSON.stringify({ secret: d.secret, action: 'ENTRY' })), 404, 'unknown_token'],
      ['wrong secret', post(d.hookPath, JSON.stringify({ secret: 'x', action: 'ENTRY' })), 401, 'wrong_secret'],
      ['too large', post(d.hookPath, JSON.stringify({ secret: d.secret, action: 'ENTRY', pad: 'x'.repeat(70_000) })), 413, 'body_too_large'],
      ['text alert without ?secret=', post(d.hookPath, 'ENTRY now'), 401, 'missing_secret'],
    ];
    for (const [what, pending, status, code] of cases) {
      const res = await pending;
      expect([what, res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([what, status, code]);
    }
    const text = await post(`${d.hookPath}?secret=${encodeURIComponent(d.secret)}`, 'EXIT please');
    expect(text.status).toBe(200);
  });

  it('leaves every other request to express', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const get = await fetch(`${base}${d.hookPath}`);
    expect([get.status, get.headers.get('allow'), ((await get.json()) as { error: { code: string } }).error.code]).toEqual([405, 'POST', 'method_not_allowed']);
  });

  it('closes the connection when answering itself fails, and logs why', async () => {
    const logged: string[] = [];
    const log = {
      info: () => {},
      error: (_obj: object, msg: string) => {
        logged.push(msg);
        if (msg === 'webhook failed') throw new Error('the log is unavailable');
      },
    };
    const webhook = fastWebhook(() => Promise.reject(new Error('receiver broke')), 0, log);
    const broken = createServer((req, res) => {
      if (!webhook(req, res)) res.end();
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/hooks/tv/any-token`;
      await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
      expect(logged).toEqual(['webhook failed', 'webhook reply failed']);
    } finally {
      await new Promise<void>((resolve) => broken.close(() => resolve()));
    }
  });
});
