import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from '../../server/testing/app.ts';
import { deployTemplate, type Deployed } from '../../server/testing/trading.ts';
import { attachWebSocket } from '../../server/ws/hub.ts';

/** A page of another site, as a browser names it in `Origin`. */
const EVIL = 'https://evil.example';

let t: TestApp;
let server: Server;
let hub: { close(): void };
let host: string;
let admin: string;
let d: Deployed;

beforeAll(async () => {
  t = await createTestApp({ LEGFLOW_ALLOWED_ORIGINS: 'http://localhost:5173', LEGFLOW_PUBLIC_URL: 'https://legflow.example' });
  server = createServer(t.app);
  hub = attachWebSocket(server, t.ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  d = await deployTemplate(t, 'admin');
  admin = await t.login('admin');
});
afterAll(async () => {
  hub.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** 403 `cross_origin` in the error shape, naming the `Origin` sent (null when none was). */
function expectCrossOrigin(res: request.Response, origin: string | null): void {
  expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(403);
  expect(res.body).toEqual({ error: { code: 'cross_origin', message: expect.stringContaining('LEGFLOW_ALLOWED_ORIGINS'), details: { origin } } });
}

/** A form a page of another site submits: the browser adds the session cookie (same-site) and its headers. */
const forged = (path: string, headers: Record<string, string>) =>
  request(t.app).post(path).set('Host', 'legflow.local:8080').set('Cookie', admin).set(headers).type('form').send('action=ENTRY');

describe('cross-site requests with the session cookie', () => {
  it('stop, start, square off, publish, delete and sign-in from another site are refused, and change nothing', async () => {
    const page = { Origin: EVIL };
    for (const action of ['stop', 'start', 'squareoff']) expectCrossOrigin(await forged(`/api/deployments/${d.deploymentId}/${action}`, page), EVIL);
    expectCrossOrigin(await forged(`/api/graphs/${d.graphId}/publish`, page), EVIL);
    expectCrossOrigin(await request(t.app).delete(`/api/graphs/${d.graphId}`).set('Cookie', admin).set(page), EVIL);
    const login = await request(t.app).post('/api/auth/login').set(page).send({ username: 'admin', password: 'admin-password-1' });
    expectCrossOrigin(login, EVIL);
    expect(login.headers['set-cookie']).toBeUndefined();

    expect(t.ctx.engine.isRunning(d.deploymentId)).toBe(true);
    const versions = await request(t.app).get(`/api/graphs/${d.graphId}/versions`).set('Cookie', admin);
    expect(versions.body).toHaveLength(1);
  });

  it('refuses what fetch metadata or Origin calls another site: same-site, cross-site, Origin null, another port', async () => {
    const stop = `/api/deployments/${d.deploymentId}/stop`;
    const forgeries: Array<Record<string, string>> = [
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site', Origin: 'http://legflow.local:3000' },
      { Origin: 'null' },
      { Origin: 'http://legflow.local:3000' },
      { Origin: 'not a url' },
    ];
    for (const headers of forgeries) expectCrossOrigin(await forged(stop, headers), headers.Origin ?? null);
    expect(t.ctx.engine.isRunning(d.deploymentId)).toBe(true);
  });

  it('lets through its own pages, the allowed origins, programs without Origin, API keys and reads', async () => {
    const graphs = async () => (await request(t.app).get('/api/graphs').set('Cookie', admin)).body.length as number;
    const before = await graphs();
    const create = (headers: Record<string, string>, cookie = true) => {
      const req = request(t.app).post('/api/graphs').set('Host', 'legflow.local:8080').set(headers);
      return (cookie ? req.set('Cookie', admin) : req).send({ graph: { schemaVersion: 1, name: 'allowed', nodes: [], edges: [] } });
    };
    const allowed: Array<Record<string, string>> = [
      { 'Sec-Fetch-Site': 'same-origin', Origin: 'http://legflow.local:8080' },
      { 'Sec-Fetch-Site': 'none' },
      { Origin: 'http://legflow.local:8080' },
      {},
      { Origin: 'http://localhost:5173', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'https://legflow.example', 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of allowed) expect((await create(headers)).status, JSON.stringify(headers)).toBe(201);
    const key = await t.key('admin');
    expect((await create({ Origin: EVIL, 'Sec-Fetch-Site': 'cross-site', Authorization: `Bearer ${key}` }, false)).status).toBe(201);
    expect(await graphs()).toBe(before + allowed.length + 1);
    expect((await request(t.app).get('/api/auth/me').set('Cookie', admin).set('Origin', EVIL)).status).toBe(200);
  });
});

/** Opens `/ws`; resolves with the socket once open, or with the refusal's status and body. */
function openSocket(headers: Record<string, string>): Promise<{ ws: WebSocket } | { status: number; body: unknown }> {
  const ws = new WebSocket(`ws://${host}/ws`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    ws.once('error', reject);
  });
}

describe('the WebSocket and the session cookie', () => {
  it('refuses an upgrade from another site with 403 in the error shape; its own page and API keys connect', async () => {
    const foreign: Array<Record<string, string>> = [
      { Origin: EVIL },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: `http://${host.replace('127.0.0.1', 'localhost')}` },
    ];
    for (const headers of foreign) {
      const refused = await openSocket({ Cookie: admin, ...headers });
      expect(refused, JSON.stringify(headers)).toEqual({
        status: 403,
        body: { error: { code: 'cross_origin', message: expect.any(String), details: { origin: headers.Origin ?? null } } },
      });
    }
    const own = await openSocket({ Cookie: admin, Origin: `http://${host}` });
    const program = await openSocket({ Authorization: `Bearer ${await t.key('admin')}`, Origin: EVIL });
    for (const opened of [own, program]) {
      expect('ws' in opened).toBe(true);
      if ('ws' in opened) opened.ws.close();
    }
  });

  it('disabling a user closes the sockets they hold (cookie and key) and they cannot reconnect', async () => {
    const cookie = await t.login('bob');
    const key = await t.key('bob');
    const sockets = await Promise.all([openSocket({ Cookie: cookie }), openSocket({ Authorization: `Bearer ${key}` })]);
    const adminSocket = await openSocket({ Cookie: admin });
    const closed = sockets.map(
      (s) =>
        new Promise<number>((resolve) => {
          if (!('ws' in s)) throw new Error('bob’s socket did not open');
          s.ws.once('close', (code) => resolve(code));
        }),
    );
    expect((await request(t.app).post(`/api/users/${t.users.bob.id}/disable`).set('Cookie', admin)).status).toBe(200);
    expect(await Promise.all(closed)).toEqual([1008, 1008]);
    expect(await openSocket({ Cookie: cookie })).toMatchObject({ status: 401 });
    expect(await openSocket({ Authorization: `Bearer ${key}` })).toMatchObject({ status: 401 });
    // Everyone else stays connected.
    if (!('ws' in adminSocket)) throw new Error('admin’s socket did not open');
    expect(adminSocket.ws.readyState).toBe(WebSocket.OPEN);
    adminSocket.ws.close();
  });
});
