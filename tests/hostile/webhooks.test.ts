import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { MAX_JSON_DEPTH } from '../../server/http/read-json.ts';
import { createTestApp, type TestApp } from '../../server/testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../../server/testing/trading.ts';
import { fastWebhook } from '../../server/webhooks/fast-path.ts';
import { expectError } from './expect-error.ts';

/** TradingView's addresses are shared by every TradingView user: the trader's alerts come from them. */
const TRADER = '54.218.53.128';
/** The same address for a stranger with a TradingView account of their own and for the trader. */
const SHARED = '52.32.178.7';

/** The shape every refusal has, with its status. */

/** The server as `legflow start` builds it: webhooks answered ahead of express, the rest by express. */
async function serve(t: TestApp): Promise<{ base: string; close: () => Promise<void> }> {
  const { app, receiveAlert } = createApp(t.ctx);
  const webhook = fastWebhook(receiveAlert, 1, pino({ level: 'silent' }));
  const server: Server = createServer((req, res) => {
    if (!webhook(req, res)) app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function post(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'x-forwarded-for': TRADER, ...headers }, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as unknown };
}

let t: TestApp;
let d: Deployed;
let cookie: string;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  // Only Date is faked: the rate limiters' minute moves when the test says, never with the machine's speed.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T04:30:00Z') });
  t = await createTestApp({ LEGFLOW_TRUSTED_PROXIES: '1' });
  d = await deployTemplate(t, 'admin');
  cookie = await t.login('admin');
  ({ base, close } = await serve(t));
});
afterAll(async () => {
  await close();
  await t.close();
  vi.useRealTimers();
});

const alert = (body: object) => JSON.stringify({ secret: d.secret, ...body });
const orders = async () =>
  (await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Array<{ side: string }>;
const signal = async (id: string) => (await request(t.app).get(`/api/signals/${id}`).set('Cookie', cookie).expect(200)).body;

describe('a stranger must not block a trader’s alert', () => {
  it('wrong secrets from TradingView’s own address get 429 past the budget (130 a minute); the trader’s alert still runs', async () => {
    const budget = t.ctx.env.LEGFLOW_WEBHOOK_RATE_PER_MINUTE;
    expect(budget).toBe(120);
    const codes: string[] = [];
    for (let i = 0; i < budget + 10; i++) {
      const res = await post(`${base}${d.hookPath}`, JSON.stringify({ secret: 'guess', action: 'EXIT', n: i }), { 'x-forwarded-for': SHARED });
      codes.push(`${res.status} ${(res.body as { error: { code: string } }).error.code}`);
    }
    expect(new Set(codes.slice(0, budget))).toEqual(new Set(['401 wrong_secret']));
    expect(new Set(codes.slice(budget))).toEqual(new Set(['429 too_many_failures']));
    const real = await post(`${base}${d.hookPath}`, alert({ action: 'ENTRY' }), { 'x-forwarded-for': SHARED });
    expect([real.status, (real.body as { status: string }).status]).toEqual([200, 'accepted']);
    await settle(t);
    expect(await orders()).toHaveLength(2);
  });

  it('unreadable bodies and unknown tokens count as failures too, never against the channel’s alerts', async () => {
    const stranger = { 'x-forwarded-for': '198.51.100.23' };
    const budget = t.ctx.env.LEGFLOW_WEBHOOK_RATE_PER_MINUTE;
    const statuses: number[] = [];
    for (let i = 0; i < budget + 5; i++) statuses.push((await post(`${base}${d.hookPath}`, `{"secret": "${i}`, stranger)).status);
    expect(new Set(statuses.slice(0, budget))).toEqual(new Set([400]));
    expect(new Set(statuses.slice(budget))).toEqual(new Set([429]));
    for (let i = 0; i < budget; i++) await post(`${base}/hooks/tv/${'x'.repeat(20)}${i}`, alert({ action: 'NOTE' }), { 'x-forwarded-for': '198.51.100.24' });
    expectError(await post(`${base}/hooks/tv/${'y'.repeat(24)}`, alert({ action: 'NOTE' }), { 'x-forwarded-for': '198.51.100.24' }), 429, 'too_many_failures');
    const real = await post(`${base}${d.hookPath}`, alert({ action: 'NOTE', n: 'after strangers' }));
    expect(real.status).toBe(200);
  });
});

describe('malformed input answers 4xx in the documented shape', () => {
  it('a malformed %-escape in the webhook path is 400 invalid_path, on the fast path and through express', async () => {
    expectError(await post(`${base}/hooks/tv/%ZZ`, alert({ action: 'ENTRY' })), 400, 'invalid_path');
    expectError(await post(`${base}/hooks/tv/abc%E0%A4%A`, alert({ action: 'ENTRY' })), 400, 'invalid_path');
    expectError(
      await request(t.app)
        .post('/hooks/tv/%ZZ')
        .send(alert({ action: 'ENTRY' })),
      400,
      'invalid_path',
    );
    expect((await post(`${base}${d.hookPath}`, alert({ action: 'NOTE', n: 'after %ZZ' }))).status).toBe(200);
  });

  it(`nesting past ${MAX_JSON_DEPTH} levels in an alert field is 400 too_deep with the limit, at any depth up to 30,000`, async () => {
    for (const depth of [MAX_JSON_DEPTH, 4_500, 30_000]) {
      const res = await post(`${base}${d.hookPath}`, `{"secret":"${d.secret}","action":"NOTE","x":${'['.repeat(depth)}${']'.repeat(depth)}}`);
      expectError(res, 400, 'too_deep');
      expect((res.body as { error: { details: object } }).error.details).toMatchObject({ limit: MAX_JSON_DEPTH, line: 1, column: expect.any(Number) });
    }
    const justUnder = '['.repeat(MAX_JSON_DEPTH - 1) + ']'.repeat(MAX_JSON_DEPTH - 1);
    expect((await post(`${base}${d.hookPath}`, `{"secret":"${d.secret}","action":"NOTE","x":${justUnder}}`)).status).toBe(200);
  });

  it('a body starting with { is JSON or 400 invalid_json saying where it stops, with ?secret= too', async () => {
    const truncated = `{\n  "secret": "${d.secret}",\n  "action": "EXIT",\n  "id": `;
    for (const url of [`${base}${d.hookPath}`, `${base}${d.hookPath}?secret=${encodeURIComponent(d.secret)}`]) {
      const res = await post(url, truncated);
      expectError(res, 400, 'invalid_json');
      expect((res.body as { error: { details: object } }).error.details).toEqual({ line: 4, column: 9, offset: truncated.length });
    }
    const missingComma = await post(`${base}${d.hookPath}`, `{"secret": "${d.secret}"\n "action": "EXIT"}`);
    expectError(missingComma, 400, 'invalid_json');
    expect((missingComma.body as { error: { message: string; details: object } }).error).toMatchObject({ details: { line: 2, column: 2 } });
    expect((missingComma.body as { error: { message: string } }).error.message).not.toContain(d.secret);
    expectError(await post(`${base}${d.hookPath}`, `  [{"secret": "${d.secret}", "action": "EXIT"}]`), 400, 'invalid_signal');
    expect(await orders()).toHaveLength(2);
  });

  it('a UTF-8 byte-order mark is skipped', async () => {
    const res = await post(`${base}${d.hookPath}`, `\uFEFF${alert({ action: 'NOTE', n: 'bom' })}`);
    expect(res.status).toBe(200);
    expect(await signal((res.body as { signalId: string }).signalId)).toMatchObject({ action: 'NOTE', signal: { data: { n: 'bom' } } });
  });

  it('a gzip body is decoded, with or without Content-Encoding; a bomb is 413 and broken gzip 400', async () => {
    const zipped = gzipSync(alert({ action: 'NOTE', n: 'gzip' }));
    expect((await post(`${base}${d.hookPath}`, zipped)).status).toBe(200);
    expect((await post(`${base}${d.hookPath}`, gzipSync(alert({ action: 'NOTE', n: 'gzip header' })), { 'content-encoding': 'gzip' })).status).toBe(200);
    // About 10 KB on the wire, 10 MB once decompressed.
    const bomb = gzipSync(Buffer.concat([Buffer.from(`{"secret":"${d.secret}","action":"NOTE","pad":"`), Buffer.alloc(10_000_000, 0x61), Buffer.from('"}')]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expectError(await post(`${base}${d.hookPath}`, bomb), 413, 'body_too_large');
    expectError(await post(`${base}${d.hookPath}`, bomb, { 'content-encoding': 'gzip' }), 413, 'body_too_large');
    expectError(await post(`${base}${d.hookPath}`, Buffer.concat([zipped.subarray(0, 12), Buffer.from('not gzip at all')])), 400, 'invalid_gzip');
    expectError(await post(`${base}${d.hookPath}`, alert({ action: 'NOTE' }), { 'content-encoding': 'compress' }), 415, 'unsupported_encoding');
    expect((await post(`${base}${d.hookPath}`, alert({ action: 'NOTE', n: 'after bombs' }))).status).toBe(200);
  });

  it('wrong methods, trailing slashes and unknown paths under /hooks answer JSON, never an HTML page', async () => {
    const get = await request(t.app).get(d.hookPath);
    expectError(get, 405, 'method_not_allowed');
    expect(get.headers.allow).toBe('POST');
    expect(get.body.error.message).not.toContain(d.hookPath.slice(-10));
    expectError(await request(t.app).put(d.hookPath).send('x'), 405, 'method_not_allowed');
    for (const path of ['/hooks/tv/', '/hooks/tv', '/hooks', '/hooks/python/x', `${d.hookPath}/extra`]) {
      expectError(
        await request(t.app)
          .post(path)
          .send(alert({ action: 'NOTE' })),
        404,
        'not_found',
      );
    }
    expect((await post(`${base}${d.hookPath}/`, alert({ action: 'NOTE', n: 'trailing slash' }))).status).toBe(200);
  });
});

describe('an alert means what the trader sent', () => {
  it('an EXIT with the same id and time as the ENTRY runs and closes the position', async () => {
    const same = { id: 'straddle', time: 'today' };
    const entry = await post(`${base}${d.hookPath}`, alert({ action: 'ENTRY', ...same }));
    expect((entry.body as { status: string }).status).toBe('accepted');
    await settle(t);
    const exit = await post(`${base}${d.hookPath}`, alert({ action: 'EXIT', ...same }));
    expect((exit.body as { status: string }).status).toBe('accepted');
    await settle(t);
    expect(await signal((exit.body as { signalId: string }).signalId)).toMatchObject({ action: 'EXIT', status: 'completed' });
    const groups = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Array<{
      status: string;
    }>;
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.map((g) => g.status)).toEqual(groups.map(() => 'closed'));
    // Resent as it was, the EXIT is a duplicate of itself.
    expect((await post(`${base}${d.hookPath}`, alert({ action: 'EXIT', ...same }))).body).toEqual({
      status: 'duplicate',
      signalId: (exit.body as { signalId: string }).signalId,
    });
  });

  it('the same action, id and time with another message is 409 conflict naming the earlier signal, and runs nothing', async () => {
    const first = await post(`${base}${d.hookPath}`, alert({ action: 'NOTE', id: 'n1', time: 't1', price: '100' }));
    expect(first.status).toBe(200);
    const placed = (await orders()).length;
    const other = await post(`${base}${d.hookPath}`, alert({ action: 'NOTE', id: 'n1', time: 't1', price: '101' }));
    expectError(other, 409, 'conflict');
    const { details } = (other.body as { error: { details: { signalId: string; rejectedSignalId: string } } }).error;
    expect(details.signalId).toBe((first.body as { signalId: string }).signalId);
    expect(await signal(details.rejectedSignalId)).toMatchObject({ status: 'rejected', runs: [] });
    await settle(t);
    expect(await orders()).toHaveLength(placed);
  });

  it('the deployment’s alert message with id and time left unfilled: ENTRY and EXIT both run, unused placeholders only warn', async () => {
    // As an alert on an indicator sends it: TradingView fills no strategy.* placeholder there.
    const message = (action: string) => d.alertMessage.replace('{{strategy.order.action}}', action).replace('{{ticker}}', 'NIFTY');
    const entry = await post(`${base}${d.hookPath}`, message('ENTRY'));
    expect((entry.body as { status: string }).status).toBe('accepted');
    await settle(t);
    const exit = await post(`${base}${d.hookPath}`, message('EXIT'));
    expect((exit.body as { status: string }).status).toBe('accepted');
    await settle(t);
    const entrySignal = await signal((entry.body as { signalId: string }).signalId);
    expect(entrySignal).toMatchObject({ status: 'completed', signal: { symbol: 'NIFTY', unfilled: ['price', 'qty', 'position', 'time', 'id'] } });
    expect(entrySignal.runs[0].trace.warnings).toEqual([expect.stringContaining('"price", "qty", "position", "time", "id"')]);
    const groups = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Array<{
      status: string;
    }>;
    expect(groups.at(-1)?.status).toBe('closed');
    // The action itself cannot be left unfilled: every graph routes on it.
    const noAction = await post(`${base}${d.hookPath}`, d.alertMessage);
    expectError(noAction, 400, 'invalid_signal');
    expect((noAction.body as { error: { message: string } }).error.message).toContain('{{strategy.order.action}}');
  });
});
