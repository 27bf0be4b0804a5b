import { createServer, type Server } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serverFrame } from '../../contracts/events.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../testing/trading.ts';
import { attachWebSocket } from './hub.ts';

let t: TestApp;
let d: Deployed;
let server: Server;
let hub: { close(): void };
let base: string;

beforeEach(async () => {
  t = await createTestApp();
  d = await deployTemplate(t, 'admin');
  server = createServer(t.app);
  hub = attachWebSocket(server, t.ctx, { heartbeatMs: 100 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  hub.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** A connected client that records every frame it receives. */
async function connect(
  headers: Record<string, string>,
): Promise<{ ws: WebSocket; frames: Array<Record<string, unknown>>; next(type: string): Promise<Record<string, unknown>> }> {
  const ws = new WebSocket(`ws://${base}/ws`, { headers });
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    // Every frame the server sends keeps its contract (contracts/events.ts); a frame that does not throws here.
    frames.push(serverFrame.parse(JSON.parse(data.toString())));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const next = async (type: string) => {
    for (let i = 0; i < 200; i++) {
      const found = frames.find((f) => f.type === type);
      if (found) {
        frames.splice(frames.indexOf(found), 1);
        return found;
      }
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    throw new Error(`no ${type} frame; got ${frames.map((f) => f.type).join(', ')}`);
  };
  return { ws, frames, next };
}

describe('WebSocket /ws', () => {
  it('refuses an unauthenticated upgrade with 401', async () => {
    await expect(connect({})).rejects.toThrow('HTTP 401');
    await expect(connect({ Authorization: 'Bearer lf_garbage' })).rejects.toThrow('HTTP 401');
  });

  it('streams a signal, its node steps, its orders and its final status to the subscribed owner only', async () => {
    const admin = await connect({ Cookie: await t.login('admin') });
    const bob = await connect({ Authorization: `Bearer ${await t.key('bob')}` });
    expect((await admin.next('welcome')).user).toBe('admin');
    admin.ws.send(JSON.stringify({ type: 'subscribe', topics: ['signals', `deployment:${d.deploymentId}`] }));
    expect((await admin.next('subscribed')).topics).toEqual(['signals', `deployment:${d.deploymentId}`]);
    bob.ws.send(JSON.stringify({ type: 'subscribe', topics: ['signals', 'orders', 'runs'] }));
    await bob.next('subscribed');

    const res = await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    expect(await admin.next('signal.received')).toMatchObject({ data: { signalId: res.body.signalId, status: 'accepted', source: 'tradingview' } });
    expect(await admin.next('run.node')).toMatchObject({ data: { deploymentId: d.deploymentId, step: { nodeId: 'tv', status: 'ok' } } });
    const placed = await admin.next('order.updated');
    expect(placed).toMatchObject({ data: { deploymentId: d.deploymentId, order: { side: 'SELL', qty: 65 } } });
    expect(await admin.next('signal.status')).toMatchObject({ data: { signalId: res.body.signalId, status: 'running' } });
    expect(await admin.next('signal.status')).toMatchObject({ data: { signalId: res.body.signalId, status: 'completed' } });
    expect(bob.frames.filter((f) => f.type !== 'welcome' && f.type !== 'subscribed')).toEqual([]);
    // The order as REST lists it: the same id, deployment and creation time (ISO in both).
    const order = (placed.data as { order: { id: string; createdAt: string } }).order;
    const listed = await request(t.app)
      .get(`/api/orders?deploymentId=${d.deploymentId}`)
      .set('Cookie', await t.login('admin'))
      .expect(200);
    expect(listed.body).toContainEqual(expect.objectContaining({ id: order.id, deploymentId: d.deploymentId, createdAt: order.createdAt }));
    admin.ws.close();
    bob.ws.close();
  });

  it('a subscriber of one deployment hears of its signals (they name their deployments) and of its positions after a stop', async () => {
    const admin = await connect({ Cookie: await t.login('admin') });
    await admin.next('welcome');
    admin.ws.send(JSON.stringify({ type: 'subscribe', topics: [`deployment:${d.deploymentId}`] }));
    await admin.next('subscribed');
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    expect(await admin.next('signal.received')).toMatchObject({ data: { deploymentIds: [d.deploymentId] } });
    const cookie = await t.login('admin');
    await request(t.app).post(`/api/deployments/${d.deploymentId}/stop`).set('Cookie', cookie).expect(200);
    admin.frames.splice(0);
    await request(t.app).post(`/api/deployments/${d.deploymentId}/squareoff`).set('Cookie', cookie).expect(200);
    await settle(t);
    expect(await admin.next('position.updated')).toMatchObject({ data: { deploymentId: d.deploymentId } });
    // The group's last change as REST shows it: rupees both, without the market's LTP and greeks.
    const updates = admin.frames.filter((f) => f.type === 'position.updated').map((f) => (f.data as { group: { id: string } }).group);
    const last = updates.at(-1)!;
    const groups = await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200);
    const shown = (groups.body as Array<{ id: string; greeks: unknown; legs: Array<{ ltp: unknown; greeks: unknown }> }>).find((g) => g.id === last.id)!;
    const { greeks: _greeks, legs, ...group } = shown;
    expect(last).toEqual({ ...group, legs: legs.map(({ ltp: _ltp, greeks: _legGreeks, ...leg }) => leg) });
    expect((last as unknown as { legs: Array<{ entryPrice: number }> }).legs[0]!.entryPrice).toBeLessThan(10_000);
    admin.ws.close();
  });

  it('answers a malformed message with an error frame and stays connected', async () => {
    const c = await connect({ Cookie: await t.login('admin') });
    await c.next('welcome');
    for (const bad of ['not json', '{"type":"subscribe","topics":["everything"]}', '{"type":"launch"}', '[]', '{"type":"subscribe","topics":[]}']) {
      c.ws.send(bad);
      expect(await c.next('error')).toMatchObject({ error: { code: 'invalid_message' } });
    }
    c.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await c.next('pong')).toEqual({ type: 'pong' });
    c.ws.close();
  });

  it('terminates a connection that stops answering pings', async () => {
    // A raw socket completes the upgrade and then never answers a ping, as a dead client would not.
    const [host, port] = base.split(':');
    const socket = tcpConnect(Number(port), host);
    const cookie = await t.login('admin');
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: ${base}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: ${cookie}\r\n\r\n`,
    );
    let received = '';
    socket.on('data', (b: Buffer) => (received += b.toString('latin1')));
    const closed = await new Promise<boolean>((resolve) => {
      socket.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 5_000);
    });
    expect(received.startsWith('HTTP/1.1 101')).toBe(true);
    expect(closed).toBe(true);
  });
});
