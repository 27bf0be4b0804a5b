import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type * as auth from '../../server/auth/authenticate.ts';
import { MAX_JSON_DEPTH } from '../../server/http/read-json.ts';
import { createTestApp, PASSWORDS, type TestApp } from '../../server/testing/app.ts';
import { attachWorkers } from '../../server/workers/endpoint.ts';
import { CLOSE_TOO_SLOW, MAX_BUFFERED_BYTES } from '../../server/ws/frames.ts';
import { attachWebSocket } from '../../server/ws/hub.ts';

// The WebSocket endpoints' authentication (HTTP requests authenticate inside the module, unaffected): an
// armed hold pauses the next upgrade after its credential was found valid, before the upgrade is answered.
const upgrades = vi.hoisted(() => ({ hold: undefined as (() => Promise<void>) | undefined }));
vi.mock('../../server/auth/authenticate.ts', async (importOriginal) => {
  const real = await importOriginal<typeof auth>();
  const authenticate: typeof real.authenticate = async (ctx, req) => {
    const user = await real.authenticate(ctx, req);
    const hold = upgrades.hold;
    upgrades.hold = undefined;
    if (hold) await hold();
    return user;
  };
  return { ...real, authenticate };
});

type Frame = Record<string, unknown> & { type: string };
interface Client {
  ws: WebSocket;
  frames: Frame[];
  /** The first frame of this type not taken yet; rejects if the connection closes first. */
  next(type: string): Promise<Frame>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens `path` and records every frame; rejects with the HTTP status when the upgrade is refused. */
async function connect(base: string, path: string, headers: Record<string, string>): Promise<Client> {
  const ws = new WebSocket(`ws://${base}${path}`, { headers });
  const frames: Frame[] = [];
  const waiting = new Set<() => void>();
  let ended = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => {
      ended = true;
      for (const wake of waiting) wake();
      resolve({ code, reason: reason.toString() });
    }),
  );
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const wake of waiting) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const next = async (type: string): Promise<Frame> => {
    for (;;) {
      const at = frames.findIndex((f) => f.type === type);
      if (at >= 0) return frames.splice(at, 1)[0]!;
      if (ended) throw new Error(`closed before a ${type} frame; got ${frames.map((f) => f.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiting.delete(wake);
          resolve();
        };
        waiting.add(wake);
      });
    }
  };
  return { ws, frames, next, closed };
}

/** `depth` nested arrays around 1. */
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

/** The error frame a frame the server could not use gets, with what `details` must hold. */
const errorFrame = (problem: string, details: Record<string, unknown> = {}) => ({
  type: 'error',
  error: { code: 'invalid_message', message: expect.any(String), details: { problem, ...details } },
});

let t: TestApp;
let server: Server;
let endpoints: Array<{ close(): void }>;
let base: string;
let adminCookie: string;
let workerKey: string;
beforeAll(async () => {
  t = await createTestApp();
  server = createServer(t.app);
  // Both WebSocket endpoints on one server, as `npm start` has them.
  endpoints = [attachWebSocket(server, t.ctx), attachWorkers(server, t.ctx)];
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  adminCookie = await t.login('admin');
  workerKey = await t.key('admin');
});
afterAll(async () => {
  for (const e of endpoints) e.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** The server still answers: HTTP, and a new event-stream connection that gets its welcome and a pong. */
async function stillServing(): Promise<void> {
  expect((await request(t.app).get('/api/auth/me').set('Cookie', adminCookie)).status).toBe(200);
  const fresh = await connect(base, '/ws', { Cookie: adminCookie });
  await fresh.next('welcome');
  fresh.ws.send(JSON.stringify({ type: 'ping' }));
  expect(await fresh.next('pong')).toEqual({ type: 'pong' });
  fresh.ws.close();
}

describe('hostile frames', () => {
  it('/ws: broken JSON, nesting past the limit and binary get an error frame saying what and where; the connection stays', async () => {
    const c = await connect(base, '/ws', { Cookie: adminCookie });
    await c.next('welcome');
    c.ws.send('{"type": "subscribe", "topics": ');
    expect(await c.next('error')).toEqual(errorFrame('invalid_json', { line: 1, column: 33, offset: 32 }));
    c.ws.send(nested(MAX_JSON_DEPTH + 1));
    expect(await c.next('error')).toEqual(errorFrame('too_deep', { limit: MAX_JSON_DEPTH, line: 1, column: MAX_JSON_DEPTH + 1, offset: MAX_JSON_DEPTH }));
    c.ws.send(Buffer.from('{"type":"ping"}'), { binary: true });
    expect(await c.next('error')).toMatchObject({ error: { code: 'invalid_message', message: expect.stringContaining('JSON text') } });
    c.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await c.next('pong')).toEqual({ type: 'pong' });
    c.ws.close();
  });

  it('/ws/workers: a result nested 30,000 deep is refused as too deep before anything reads it; the worker stays', async () => {
    const w = await connect(base, '/ws/workers', { Authorization: `Bearer ${workerKey}` });
    await w.next('welcome');
    const prefix = '{"type":"result","id":"c1","result":';
    w.ws.send(`${prefix}${nested(30_000)}}`);
    // The object is one level; the array that would be level 65 is refused where it opens.
    const offset = prefix.length + MAX_JSON_DEPTH - 1;
    expect(await w.next('error')).toEqual(errorFrame('too_deep', { limit: MAX_JSON_DEPTH, line: 1, column: offset + 1, offset }));
    w.ws.send('{"type":"register","functions":["adjust"]');
    expect(await w.next('error')).toMatchObject(errorFrame('invalid_json'));
    w.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await w.next('pong')).toEqual({ type: 'pong' });
    w.ws.close();
    await stillServing();
  });

  it('a frame past an endpoint’s size limit closes that connection with 1009 (a 30,000-deep one on /ws is such a frame)', async () => {
    const frames: Array<{ path: string; headers: Record<string, string>; text: string }> = [
      { path: '/ws', headers: { Cookie: adminCookie }, text: nested(30_000) },
      { path: '/ws', headers: { Cookie: adminCookie }, text: JSON.stringify({ type: 'ping', pad: 'x'.repeat(16 * 1024) }) },
      { path: '/ws/workers', headers: { Authorization: `Bearer ${workerKey}` }, text: JSON.stringify({ type: 'ping', pad: 'x'.repeat(1024 * 1024) }) },
    ];
    for (const { path, headers, text } of frames) {
      const c = await connect(base, path, headers);
      await c.next('welcome');
      c.ws.send(text);
      // 1009 Message Too Big; ws closes it without a reason.
      expect(await c.closed, path).toEqual({ code: 1009, reason: '' });
    }
    await stillServing();
  });
});

describe('a client that stops reading', () => {
  it(`is closed (${CLOSE_TOO_SLOW.code}) once ${MAX_BUFFERED_BYTES / 1024 / 1024} MB wait unsent, instead of buffered without limit; others are served`, async () => {
    const bobKey = await t.key('bob');
    const slow = await connect(base, '/ws', { Authorization: `Bearer ${bobKey}` });
    const normal = await connect(base, '/ws', { Cookie: adminCookie });
    for (const c of [slow, normal]) {
      await c.next('welcome');
      c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['deployments'] }));
      await c.next('subscribed');
    }
    // The slow client stops reading its socket; the kernel's buffers fill, then the server's.
    const socket = pauseReading(slow);
    for (let i = 0; i < flood; i++) t.ctx.engine.events.emit({ type: 'deployment.stopped', userId: t.users.bob.id, data: { deploymentId: `d_${i}`, reason } });

    // The normal client is served throughout.
    t.ctx.engine.events.emit({ type: 'deployment.stopped', userId: t.users.admin.id, data: { deploymentId: 'd_admin', reason: 'daily loss limit' } });
    expect(await normal.next('deployment.stopped')).toEqual({ type: 'deployment.stopped', data: { deploymentId: 'd_admin', reason: 'daily loss limit' } });
    normal.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await normal.next('pong')).toEqual({ type: 'pong' });

    // Reading again, the slow client gets what was sent before the limit, whole, then the close.
    socket.resume();
    expect(await slow.closed).toEqual({ code: CLOSE_TOO_SLOW.code, reason: CLOSE_TOO_SLOW.reason });
    const got = slow.frames.filter((f) => f.type === 'deployment.stopped');
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(flood);
    expect(got.map((f) => (f.data as { deploymentId: string }).deploymentId)).toEqual(got.map((_, i) => `d_${i}`));
    normal.ws.close();

    // It may connect again.
    const again = await connect(base, '/ws', { Authorization: `Bearer ${bobKey}` });
    expect(await again.next('welcome')).toMatchObject({ user: 'bob' });
    again.ws.close();
  });

  it('a worker that stops reading its calls is closed the same way; the calls past the limit fail at once, the rest when it goes', async () => {
    const w = await connect(base, '/ws/workers', { Authorization: `Bearer ${workerKey}` });
    await w.next('welcome');
    w.ws.send(JSON.stringify({ type: 'register', functions: ['slow_reader'] }));
    await w.next('registered');
    const socket = pauseReading(w);
    const port = t.ctx.engine.functions.forUser(t.users.admin.id);
    const failed: string[] = [];
    // Timeouts far beyond the test: a call that ends, ends because the worker fell behind or went away.
    const calls = Array.from({ length: flood }, () =>
      port.call('slow_reader', { pad: reason }, { timeoutMs: 3_600_000 }).catch((err: Error) => void failed.push(err.message)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    // Sent nothing, the worker's connection closing: failed already, with no timeout waited for.
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed)).toEqual(new Set(['could not reach its worker (its connection is closing)']));
    socket.resume();
    expect(await w.closed).toEqual({ code: CLOSE_TOO_SLOW.code, reason: CLOSE_TOO_SLOW.reason });
    await Promise.all(calls);
    expect(failed).toHaveLength(flood);
    expect(failed.at(-1)).toContain('its worker disconnected before answering');
    expect(t.ctx.engine.functions.served(t.users.admin.id)).toEqual({});
    await stillServing();
  });
});

describe('revoked while connected, or while connecting', () => {
  it('resetting a password closes the sockets opened with a session (1008 "password reset"); key sockets and workers stay', async () => {
    const bobCookie = await t.login('bob');
    const bobKey = await t.key('bob');
    const session = await connect(base, '/ws', { Cookie: bobCookie });
    const stream = await connect(base, '/ws', { Authorization: `Bearer ${bobKey}` });
    const worker = await connect(base, '/ws/workers', { Authorization: `Bearer ${bobKey}` });
    for (const c of [session, stream, worker]) await c.next('welcome');
    // The same password again: a reset ends the sessions all the same, and later tests sign in with it.
    const reset = await request(t.app).post(`/api/users/${t.users.bob.id}/password`).set('Cookie', adminCookie).send({ password: PASSWORDS.bob });
    expect(reset.status).toBe(200);
    expect(await session.closed).toEqual({ code: 1008, reason: 'password reset' });
    for (const c of [stream, worker]) {
      c.ws.send(JSON.stringify({ type: 'ping' }));
      expect(await c.next('pong')).toEqual({ type: 'pong' });
      c.ws.close();
    }
  });

  it.each([
    ['a session', async () => ({ Cookie: await t.login('bob') }), 'signed out'],
    ['an API key', async () => ({ Authorization: `Bearer ${await t.key('bob')}` }), 'API key deleted'],
  ])('a disable that lands while an upgrade with %s is being authenticated closes it at once (1008)', async (_what, credential, reason) => {
    const headers = await credential();
    const authenticated = holdNextUpgrade();
    const opening = connect(base, '/ws', headers);
    // The credential has been read and found valid; the upgrade is not answered yet.
    await authenticated.reached;
    expect((await request(t.app).post(`/api/users/${t.users.bob.id}/disable`).set('Cookie', adminCookie)).status).toBe(200);
    authenticated.release();
    const c = await opening;
    // Closed before anything else: no welcome, no events.
    expect(await Promise.race([c.closed, c.next('welcome')])).toEqual({ code: 1008, reason });
    expect(c.frames).toEqual([]);
    expect((await request(t.app).post(`/api/users/${t.users.bob.id}/enable`).set('Cookie', adminCookie)).status).toBe(200);
    await stillServing();
  });
});

/** 256 MB in frames of 64 KB: far more than any loopback connection's kernel buffers hold. */
const reason = 'x'.repeat(64 * 1024);
const flood = 4096;

/** Stops reading the client's socket, as a stalled client does; resume() on the result reads again. */
function pauseReading(c: Client): Socket {
  const socket = (c.ws as unknown as { _socket: Socket })._socket;
  socket.pause();
  return socket;
}

/** Holds the next upgrade's authentication, once it has resolved, until released. */
function holdNextUpgrade(): { reached: Promise<void>; release(): void } {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => {
    upgrades.hold = () => {
      resolve();
      return released;
    };
  });
  return { reached, release };
}
