import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiKeyScope } from '../../server/auth/api-keys.ts';
import { createTestApp, type TestApp } from '../../server/testing/app.ts';
import { attachWorkers } from '../../server/workers/endpoint.ts';
import { attachWebSocket } from '../../server/ws/hub.ts';
import { expectError } from './expect-error.ts';

/** The shape every refusal has, with its status. */

let t: TestApp;
let cookie: string;
let server: Server;
let closers: Array<{ close(): void }>;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  cookie = await t.login('admin');
  server = createServer(t.app);
  closers = [attachWebSocket(server, t.ctx), attachWorkers(server, t.ctx)];
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const c of closers) c.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const keyOf = (scopes: ApiKeyScope[]) => t.key('admin', scopes);
const idOf = (key: string) => key.slice(3, 13);

describe('an API key does what its scopes say', () => {
  it('a read key reads, and is refused (403 insufficient_scope) every change: graphs, keys, its own deletion', async () => {
    const key = await keyOf(['read']);
    expect((await request(t.app).get('/api/graphs').set(bearer(key))).status).toBe(200);
    const template = (await request(t.app).get('/api/templates/short-straddle')).body as object;
    const refused = await request(t.app).post('/api/graphs').set(bearer(key)).send({ graph: template });
    expectError(refused, 403, 'insufficient_scope');
    expect(refused.body.error.details).toEqual({ required: 'manage', scopes: ['read'] });
    expectError(await request(t.app).post('/api/keys').set(bearer(key)).send({ name: 'escalate' }), 403, 'insufficient_scope');
    expectError(
      await request(t.app)
        .delete(`/api/keys/${idOf(key)}`)
        .set(bearer(key)),
      403,
      'insufficient_scope',
    );
    expect((await request(t.app).get('/api/graphs').set(bearer(key))).status).toBe(200); // still there, still answering
  });

  it('a key made without scopes can send and read, not make keys; a manage key makes none wider than itself', async () => {
    const made = await request(t.app).post('/api/keys').set('Cookie', cookie).send({ name: 'notebook' }).expect(201);
    expect(made.body.scopes).toEqual(['signals', 'read']);
    expectError(await request(t.app).post('/api/keys').set(bearer(made.body.key)).send({ name: 'more' }), 403, 'insufficient_scope');

    const manager = await keyOf(['read', 'manage']);
    const narrower = await request(t.app)
      .post('/api/keys')
      .set(bearer(manager))
      .send({ name: 'reader', scopes: ['read'] })
      .expect(201);
    expect(narrower.body.scopes).toEqual(['read']);
    const wider = await request(t.app)
      .post('/api/keys')
      .set(bearer(manager))
      .send({ name: 'sender', scopes: ['signals', 'read'] });
    expectError(wider, 403, 'insufficient_scope');
    expect(wider.body.error.details.required).toBe('signals');
    await request(t.app).delete(`/api/keys/${narrower.body.id}`).set(bearer(manager)).expect(204);
  });

  it('scopes that are not a list of known scopes, each once, are 400 with the problem', async () => {
    for (const scopes of [['admin'], [], ['read', 'read'], 'read', [1], null, ['__proto__'], ['signals', 'read', 'manage', 'read']]) {
      const res = await request(t.app).post('/api/keys').set('Cookie', cookie).send({ name: 'odd', scopes });
      expectError(res, 400, 'invalid_request');
      expect(res.body.error.details.issues[0].path).toMatch(/^scopes/);
    }
    expect((await request(t.app).get('/api/keys').set('Cookie', cookie)).status).toBe(200);
  });

  it('the OpenAPI document names the scope each operation needs', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { security?: unknown }>> };
    expect(doc.paths['/api/keys']!.post!.security).toEqual([{ session: [] }, { apiKey: ['manage'] }]);
    expect(doc.paths['/api/keys']!.get!.security).toEqual([{ session: [] }, { apiKey: ['read'] }]);
  });
});

/** Opens a WebSocket; resolves with it open, or rejects with the refusal's status and error body. */
function open(path: string, key: string): Promise<WebSocket> {
  const ws = new WebSocket(`ws://${base}${path}`, { headers: bearer(key) });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body: JSON.parse(body) as unknown })));
    });
    ws.once('error', reject);
  });
}

const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

describe('WebSockets and keys', () => {
  it('the event stream needs read and a worker needs signals: 403 insufficient_scope at the upgrade', async () => {
    const refusal = { status: 403, body: { error: { code: 'insufficient_scope', message: expect.any(String), details: {} } } };
    await expect(open('/ws', await keyOf(['signals']))).rejects.toMatchObject(refusal);
    await expect(open('/ws/workers', await keyOf(['read']))).rejects.toMatchObject(refusal);
  });

  it('deleting a key closes its open stream and worker at once (1008 "API key deleted"); it cannot connect again', async () => {
    const key = await keyOf(['signals', 'read']);
    const other = await open('/ws', await keyOf(['read']));
    const stream = await open('/ws', key);
    const worker = await open('/ws/workers', key);
    const ends = [closed(stream), closed(worker)];
    await request(t.app)
      .delete(`/api/keys/${idOf(key)}`)
      .set('Cookie', cookie)
      .expect(204);
    expect(await Promise.all(ends)).toEqual([
      { code: 1008, reason: 'API key deleted' },
      { code: 1008, reason: 'API key deleted' },
    ]);
    await expect(open('/ws', key)).rejects.toMatchObject({ status: 401 });
    expect(other.readyState).toBe(WebSocket.OPEN); // another key's stream stays
    other.close();
  });
});
