import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { signalHeaders, signedSignal, type SignOptions } from '../testing/signing.ts';
import { deployTemplate, settle, type Deployed } from '../testing/trading.ts';

let t: TestApp;
let d: Deployed;
let key: string;
let cookie: string;

beforeEach(async () => {
  t = await createTestApp();
  d = await deployTemplate(t, 'admin', 'python-iron-butterfly');
  key = await t.key('admin');
  cookie = await t.login('admin');
});
afterEach(() => t.close());

/** Signs as the Python client does (v2: method, path, timestamp, Idempotency-Key and the body's hash). */
const signedPost = (body: string, opts: SignOptions = {}) => signedSignal(t.app, key, body, opts);

const orders = async () =>
  (await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Array<{
    symbol: string;
    side: string;
    qty: number;
  }>;

describe('Python signals', () => {
  it('a signed ENTRY runs the BANKNIFTY iron butterfly: four orders, wings bought first', async () => {
    const res = await signedPost(JSON.stringify({ channel: 'py-iron-fly', action: 'entry' })).expect(200);
    expect(res.body).toMatchObject({ status: 'accepted' });
    await settle(t);
    const placed = await orders();
    expect(placed.map((o) => o.side).reverse()).toEqual(['BUY', 'BUY', 'SELL', 'SELL']);
    expect(placed.every((o) => o.symbol.startsWith('BANKNIFTY29DEC26') && o.qty === 30)).toBe(true);
    const signal = await request(t.app).get(`/api/signals/${res.body.signalId}`).set('Cookie', cookie).expect(200);
    expect(signal.body).toMatchObject({ source: 'python', action: 'ENTRY', status: 'completed' });
  });

  it('an Idempotency-Key retry returns the first answer and places nothing twice; another body under it is refused', async () => {
    const body = JSON.stringify({ channel: 'py-iron-fly', action: 'ENTRY' });
    const first = await signedPost(body, { idempotencyKey: 'retry-1' }).expect(200);
    const retry = await signedPost(body, { idempotencyKey: 'retry-1' }).expect(200);
    expect(retry.body).toMatchObject({ signalId: first.body.signalId, replayed: true });
    const other = await signedPost(JSON.stringify({ channel: 'py-iron-fly', action: 'EXIT' }), { idempotencyKey: 'retry-1' }).expect(409);
    expect(other.body.error).toMatchObject({ code: 'idempotency_mismatch', details: { signalId: first.body.signalId } });
    await settle(t);
    expect(await orders()).toHaveLength(4);
  });

  it('refuses unsigned, wrongly signed, stale and malformed requests with clear errors', async () => {
    const body = JSON.stringify({ channel: 'py-iron-fly', action: 'ENTRY' });
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, () => request.Test, number, string]> = [
      ['no key', () => request(t.app).post('/api/v1/signals').send(body), 401, 'invalid_key'],
      ['unknown key', () => signedPost(body, { keyHeader: 'lf_zzzzzzzzzz' }), 401, 'invalid_key'],
      ['signed with another secret', () => signedPost(body, { secret: 'not-the-secret' }), 401, 'invalid_signature'],
      ['six minutes old', () => signedPost(body, { at: now - 360 }), 401, 'stale_timestamp'],
      ['six minutes ahead', () => signedPost(body, { at: now + 360 }), 401, 'stale_timestamp'],
      ['not JSON', () => signedPost('channel=py-iron-fly&action=ENTRY'), 400, 'invalid_json'],
      ['a JSON array', () => signedPost('[1,2]'), 400, 'invalid_signal'],
      ['no channel', () => signedPost(JSON.stringify({ action: 'ENTRY' })), 400, 'invalid_signal'],
      ['__proto__ key', () => signedPost('{"channel":"py-iron-fly","action":"ENTRY","__proto__":{"x":1}}'), 400, 'invalid_signal'],
      ['bad Idempotency-Key', () => signedPost(body, { idempotencyKey: 'x'.repeat(300) }), 400, 'invalid_idempotency_key'],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      expect([what, res.status, res.body.error?.code]).toEqual([what, status, code]);
    }
    await settle(t);
    expect(await orders()).toEqual([]);
  });

  it('a tampered body fails the signature', async () => {
    const res = await request(t.app)
      .post('/api/v1/signals')
      .set(signalHeaders(key, '{"channel":"py-iron-fly","action":"EXIT"}'))
      .send('{"channel":"py-iron-fly","action":"ENTRY"}');
    expect([res.status, res.body.error.code]).toEqual([401, 'invalid_signature']);
  });

  it('two signals with equal bodies but their own Idempotency-Keys are two signals, not a duplicate', async () => {
    const body = JSON.stringify({ channel: 'py-iron-fly', action: 'ENTRY' });
    const a = await signedPost(body, { idempotencyKey: 'first' }).expect(200);
    const b = await signedPost(body, { idempotencyKey: 'second' }).expect(200);
    expect([a.body.status, b.body.status]).toEqual(['accepted', 'accepted']);
    expect(b.body.signalId).not.toBe(a.body.signalId);
    await settle(t);
    expect(await orders()).toHaveLength(8);
  });

  it('past the per-key rate, a signal is refused with 429 and Retry-After, and the accepted ones still run', async () => {
    await t.close();
    t = await createTestApp({ LEGFLOW_SIGNAL_RATE_PER_MINUTE: '2' });
    d = await deployTemplate(t, 'admin', 'python-iron-butterfly');
    key = await t.key('admin');
    cookie = await t.login('admin');
    const send = (action: string) => signedPost(JSON.stringify({ channel: 'py-iron-fly', action }));
    expect((await send('ENTRY')).status).toBe(200);
    expect((await send('EXIT')).status).toBe(200);
    const third = await send('ENTRY');
    expect([third.status, third.body.error.code, third.headers['retry-after']]).toEqual([429, 'rate_limited', '30']);
    await settle(t);
    expect(await orders()).toHaveLength(8);
  });
});
