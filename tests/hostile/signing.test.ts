import { createHash, createHmac } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../server/http/api-error.ts';
import { OpenApiRegistry } from '../../server/http/openapi.ts';
import { createTestApp, type TestApp } from '../../server/testing/app.ts';
import { deployTemplate } from '../../server/testing/trading.ts';
import { signalHeaders, signedSignal } from '../../server/testing/signing.ts';
import { pythonSignalRoutes } from '../../server/webhooks/python-signals.ts';
import { expectError } from './expect-error.ts';

/** The shape every refusal has, with its status. */

let t: TestApp;
let key: string;
let cookie: string;
beforeAll(async () => {
  t = await createTestApp();
  await deployTemplate(t, 'admin', 'python-iron-butterfly');
  key = await t.key('admin', ['signals', 'read']);
  cookie = await t.login('admin');
});
afterAll(() => t.close());

/** A signal body of its own for each test, so no test's signal is another's duplicate. */
const signal = (action: string, tag: string) => JSON.stringify({ channel: 'py-iron-fly', action, tag });
const signalCount = async () => ((await request(t.app).get('/api/signals?limit=500').set('Cookie', cookie).expect(200)).body as unknown[]).length;

/** The captured request as an eavesdropper holds it: every header and the body, byte for byte. */
const resend = (headers: Record<string, string>, body: string) => request(t.app).post('/api/v1/signals').set(headers).send(body);

describe('a captured signed request cannot run twice', () => {
  it('sent again without an Idempotency-Key: 401 replayed_signature, one signal, and a freshly signed one still runs', async () => {
    const entry = signal('ENTRY', 'no-key');
    const before = await signalCount();
    const captured = signalHeaders(key, entry);
    expect((await resend(captured, entry)).status).toBe(200);
    const replay = await resend(captured, entry);
    expectError(replay, 401, 'replayed_signature');
    expect(replay.body.error.message).toMatch(/already received/);
    expect(await signalCount()).toBe(before + 1);
    const fresh = await signedSignal(t.app, key, signal('EXIT', 'no-key')).expect(200);
    expect(fresh.body.status).toBe('accepted');
  });

  it('sent again with its Idempotency-Key: the first answer (replayed), nothing new; under another key or none: 401 invalid_signature', async () => {
    const entry = signal('ENTRY', 'keyed');
    const before = await signalCount();
    const captured = signalHeaders(key, entry, { idempotencyKey: 'job-42' });
    const first = await resend(captured, entry).expect(200);
    const again = await resend(captured, entry).expect(200);
    expect(again.body).toEqual({ signalId: first.body.signalId, status: expect.any(String), replayed: true });
    expectError(await resend({ ...captured, 'Idempotency-Key': 'job-43' }, entry), 401, 'invalid_signature');
    const { 'Idempotency-Key': _dropped, ...withoutKey } = captured;
    expectError(await resend(withoutKey, entry), 401, 'invalid_signature');
    expect(await signalCount()).toBe(before + 1);
  });

  it('a signature made for another path or body does not pass here', async () => {
    const entry = signal('ENTRY', 'elsewhere');
    const before = await signalCount();
    expectError(await signedSignal(t.app, key, entry, { signedPath: '/api/v2/signals' }), 401, 'invalid_signature');
    expectError(await resend(signalHeaders(key, entry), entry.replace('ENTRY', 'EXIT')), 401, 'invalid_signature');
    expect(await signalCount()).toBe(before);
  });

  it('a v1 signature (the old client) is refused with 401 signature_version telling to upgrade', async () => {
    const entry = signal('ENTRY', 'v1');
    const before = await signalCount();
    const [, id, secret] = /^lf_([0-9a-z]{10})_(.+)$/.exec(key)!;
    const ts = String(Math.floor(Date.now() / 1000));
    const v1 = createHmac('sha256', createHash('sha256').update(secret!).digest('hex')).update(`${ts}.${entry}`).digest('hex');
    const res = await resend(
      { 'Content-Type': 'application/json', 'X-Legflow-Key': `lf_${id}`, 'X-Legflow-Timestamp': ts, 'X-Legflow-Signature': `v1=${v1}` },
      entry,
    );
    expectError(res, 401, 'signature_version');
    expect(res.body.error.message).toMatch(/upgrade the legflow Python package/);
    expect(await signalCount()).toBe(before);
  });

  it('malformed signature headers are 401 invalid_signature, never a 5xx', async () => {
    const entry = signal('ENTRY', 'malformed');
    const headers = signalHeaders(key, entry);
    for (const signature of ['', 'v2=', 'v2=zz', `v2=${'a'.repeat(4000)}`, 'v2=\u00e9', `v3=${'0'.repeat(64)}`, ',,,', `v2=${'0'.repeat(64)}`]) {
      const res = await resend({ ...headers, 'X-Legflow-Signature': signature }, entry);
      expect([signature.slice(0, 12), res.status, res.body.error?.code]).toEqual([signature.slice(0, 12), 401, 'invalid_signature']);
    }
    expect((await resend(headers, entry)).status).toBe(200);
  });

  it('a key without the signals scope is refused with 403 insufficient_scope', async () => {
    const entry = signal('ENTRY', 'read-only');
    const before = await signalCount();
    const readOnly = await t.key('admin', ['read']);
    const res = await signedSignal(t.app, readOnly, entry);
    expectError(res, 403, 'insufficient_scope');
    expect(res.body.error.details).toEqual({ required: 'signals', scopes: ['read'] });
    expect(await signalCount()).toBe(before);
  });
});

describe('the replay memory lasts as long as a signature is valid', () => {
  /** The real route on the test app's database, with a clock the test moves (no waiting, no wall clock). */
  function appAt(clock: { ms: number }): express.Express {
    const app = express();
    app.use(
      '/api/v1/signals',
      pythonSignalRoutes(t.ctx, new OpenApiRegistry(), () => clock.ms),
    );
    app.use(errorHandler(t.ctx.log));
    return app;
  }

  it('refused as a replay up to the end of the window, as stale after it; a timestamp ahead is remembered longer', async () => {
    const entry = signal('ENTRY', 'window');
    const exit = signal('EXIT', 'window');
    const start = 1_800_000_000_000;
    const clock = { ms: start };
    const app = appAt(clock);
    const at = start / 1000;
    const captured = signalHeaders(key, entry, { at });
    expect((await request(app).post('/api/v1/signals').set(captured).send(entry)).status).toBe(200);
    clock.ms = start + 299_000;
    expectError(await request(app).post('/api/v1/signals').set(captured).send(entry), 401, 'replayed_signature');
    clock.ms = start + 301_000;
    expectError(await request(app).post('/api/v1/signals').set(captured).send(entry), 401, 'stale_timestamp');

    // Signed 300 s ahead of the server's clock: valid until 600 s from now, and refused as a replay until then.
    const ahead = signalHeaders(key, exit, { at: clock.ms / 1000 + 300 });
    expect((await request(app).post('/api/v1/signals').set(ahead).send(exit)).status).toBe(200);
    clock.ms += 599_000;
    expectError(await request(app).post('/api/v1/signals').set(ahead).send(exit), 401, 'replayed_signature');
  });
});
