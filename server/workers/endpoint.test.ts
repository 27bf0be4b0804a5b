import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { toWorkerFrame } from '../../contracts/workers.ts';
import { edge, graph, node } from '../../runtime/testing/graph.ts';
import { createTestApp, type TestApp, type TestUsername } from '../testing/app.ts';
import { deployGraph, settle, type Deployed } from '../testing/trading.ts';
import { attachWebSocket } from '../ws/hub.ts';
import { attachWorkers } from './endpoint.ts';

type Frame = Record<string, unknown> & { type: string };
interface Call extends Frame {
  id: string;
  function: string;
  timeoutMs: number;
  message: { signal: { action: string }; vars: Record<string, unknown>; legs: Array<Record<string, unknown>>; deployment: { id: string } };
}

let t: TestApp;
let server: Server;
let closers: Array<{ close(): void }>;
let base: string;

beforeEach(async () => {
  t = await createTestApp();
  server = createServer(t.app);
  // Both WebSocket endpoints on one server, as `npm start` has them.
  closers = [attachWebSocket(server, t.ctx), attachWorkers(server, t.ctx, { heartbeatMs: 100 })];
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const c of closers) c.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** A worker process: connects with the user's API key, registers `functions`, answers each call with `answer`. */
async function worker(username: TestUsername, functions: string[], answer: (call: Call) => Frame | undefined = () => undefined) {
  const ws = new WebSocket(`ws://${base}/ws/workers`, { headers: { Authorization: `Bearer ${await t.key(username)}` } });
  const frames: Frame[] = [];
  const calls: Call[] = [];
  ws.on('message', (data) => {
    // Every frame the server sends holds to its contract; one that does not fails the test here.
    const frame: Frame = toWorkerFrame.parse(JSON.parse(data.toString()));
    if (frame.type !== 'call') return void frames.push(frame);
    const call = frame as Call;
    calls.push(call);
    const reply = answer(call);
    if (reply) ws.send(JSON.stringify({ id: call.id, ...reply }));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const next = async (type: string): Promise<Frame> => {
    for (let i = 0; i < 100; i++) {
      const found = frames.findIndex((f) => f.type === type);
      if (found >= 0) return frames.splice(found, 1)[0]!;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no ${type} frame; got ${frames.map((f) => f.type).join(', ')}`);
  };
  expect(await next('welcome')).toMatchObject({ user: username });
  ws.send(JSON.stringify({ type: 'register', functions }));
  expect(await next('registered')).toEqual({ type: 'registered', functions });
  return { ws, calls, frames, next };
}

/** ENTRY sells the NIFTY ATM straddle, passes it through the Python function `adjust`, then enters. */
async function deployPython(user: TestUsername = 'admin', params: Record<string, unknown> = {}): Promise<Deployed> {
  const g = graph(
    [
      node('tv', 'source.tradingview', { channel: 'nifty-py' }),
      node('straddle', 'legs.strategy'),
      node('py', 'transform.python', { function: 'adjust', timeoutMs: 300, ...params }),
      node('enter', 'exec.enter'),
    ],
    [edge('tv', 'signal', 'straddle'), edge('straddle', 'legs', 'py'), edge('py', 'out', 'enter')],
  );
  return deployGraph(t, user, g);
}

interface Step {
  nodeId: string;
  status: string;
  error?: string;
  output: Record<string, Array<{ vars?: Record<string, unknown>; legs?: Array<{ symbol: string; side: string; qty: number }> }>>;
}

/** Sends an alert to the deployment, lets it run, and reads its run back through the API. */
async function alert(d: Deployed, id = 'a1', user: TestUsername = 'admin') {
  const sent = await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY', id }).expect(200);
  await settle(t);
  const signalId = (sent.body as { signalId: string }).signalId;
  const res = await request(t.app)
    .get(`/api/signals/${signalId}`)
    .set('Cookie', await t.login(user))
    .expect(200);
  const run = (res.body as { runs: Array<{ status: string; trace: { steps: Step[] } }> }).runs[0]!;
  return { status: run.status, steps: run.trace.steps, py: run.trace.steps.find((s) => s.nodeId === 'py')! };
}

describe('/ws/workers: Python functions as graph nodes', () => {
  it('refuses a worker without a valid API key, and a browser session', async () => {
    const cookie = await t.login('admin');
    for (const headers of [{}, { Authorization: 'Bearer lf_nope_nope' }, { Cookie: cookie }]) {
      const ws = new WebSocket(`ws://${base}/ws/workers`, { headers });
      const status = await new Promise<number | undefined>((resolve) => {
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
        ws.once('open', () => resolve(undefined));
      });
      expect(status).toBe(401);
    }
  });

  it('sets the vars the function returns; the legs go on to the entry', async () => {
    const d = await deployPython();
    const w = await worker('admin', ['adjust'], () => ({ type: 'result', result: { vars: { vol: 0.12 } } }));
    const run = await alert(d);
    expect(run.status).toBe('completed');
    expect(run.py).toMatchObject({ status: 'ok', output: { out: [{ vars: { vol: 0.12 } }] } });
    expect(run.steps.map((s) => [s.nodeId, s.status])).toContainEqual(['enter', 'ok']);
    expect(w.calls).toHaveLength(1);
    expect(w.calls[0]).toMatchObject({
      function: 'adjust',
      timeoutMs: 300,
      message: { signal: { action: 'ENTRY' }, vars: {}, deployment: { id: d.deploymentId } },
    });
    expect(w.calls[0]!.message.legs.map((l) => [l.side, l.optionType])).toEqual([
      ['SELL', 'CE'],
      ['SELL', 'PE'],
    ]);
    w.ws.close();
  });

  it('a test run of the draft calls the user’s worker too, and places no order', async () => {
    const d = await deployPython();
    const w = await worker('admin', ['adjust'], () => ({ type: 'result', result: { vars: { vol: 0.2 } } }));
    const cookie = await t.login('admin');
    const res = await request(t.app)
      .post(`/api/graphs/${d.graphId}/test`)
      .set('Cookie', cookie)
      .send({ signal: { action: 'ENTRY' } })
      .expect(200);
    const py = (res.body as { steps: Step[] }).steps.find((s) => s.nodeId === 'py')!;
    expect(py).toMatchObject({ status: 'ok', output: { out: [{ vars: { vol: 0.2 } }] } });
    expect(w.calls).toHaveLength(1);
    expect((await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body).toEqual([]);
    w.ws.close();
  });

  it('replaces the legs with the ones the function returns', async () => {
    const d = await deployPython();
    const w = await worker('admin', ['adjust'], (call) => ({ type: 'result', result: { legs: [{ ...call.message.legs[0], lots: 2 }] } }));
    const run = await alert(d);
    expect(run.status).toBe('completed');
    expect(run.py.output.out?.[0]?.legs).toEqual([expect.objectContaining({ side: 'SELL', qty: 130 })]);
    const orders = await request(t.app)
      .get(`/api/orders?deploymentId=${d.deploymentId}`)
      .set('Cookie', await t.login('admin'))
      .expect(200);
    expect((orders.body as Array<{ qty: number }>).map((o) => o.qty)).toEqual([130]);
    w.ws.close();
  });

  it('stops the path when the function returns None: nothing is entered', async () => {
    const d = await deployPython();
    const w = await worker('admin', ['adjust'], () => ({ type: 'result', result: null }));
    const run = await alert(d);
    expect(run.status).toBe('completed');
    expect(run.py).toMatchObject({ status: 'ok', output: {} });
    expect(run.steps.map((s) => s.nodeId)).toEqual(['tv', 'straddle', 'py']);
    w.ws.close();
  });

  it('fails the node when the function times out, raises, or no worker serves it', async () => {
    const d = await deployPython();
    expect((await alert(d, 'none')).py).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^Python function "adjust": no worker of yours serves it/),
    });

    const silent = await worker('admin', ['adjust']);
    const timedOut = await alert(d, 'slow');
    expect(timedOut.status).toBe('failed');
    expect(timedOut.py).toMatchObject({ status: 'failed', error: 'Python function "adjust": no answer within 300 ms' });
    expect(timedOut.steps.map((s) => s.nodeId)).toEqual(['tv', 'straddle', 'py']);
    // The late answer is refused, and says why.
    silent.ws.send(JSON.stringify({ type: 'result', id: silent.calls[0]!.id, result: null }));
    expect(await silent.next('error')).toMatchObject({ id: silent.calls[0]!.id, error: { code: 'unknown_call' } });
    silent.ws.close();

    const raising = await worker('admin', ['adjust'], () => ({ type: 'error', error: { type: 'ValueError', message: 'no quotes for NIFTY' } }));
    expect((await alert(d, 'raise')).py).toMatchObject({ status: 'failed', error: 'Python function "adjust": raised ValueError: no quotes for NIFTY' });
    raising.ws.close();
  });

  it('serves a user’s functions only to that user’s deployments', async () => {
    const d = await deployPython('admin');
    const bobs = await worker('bob', ['adjust'], () => ({ type: 'result', result: { vars: { leaked: true } } }));
    expect((await alert(d)).py).toMatchObject({ status: 'failed', error: expect.stringContaining('no worker of yours serves it') });
    expect(bobs.calls).toEqual([]);
    bobs.ws.close();
  });

  it('fails a call at once when its worker disconnects, not at the timeout', async () => {
    // The longest timeout a node may have, beyond the test's own 20 s: only the disconnection ends the call in time.
    const d = await deployPython('admin', { timeoutMs: 30_000 });
    const w = await worker('admin', ['adjust'], () => {
      w.ws.terminate();
      return undefined;
    });
    const run = await alert(d);
    expect(run.py).toMatchObject({ status: 'failed', error: 'Python function "adjust": its worker disconnected before answering' });
  });

  it('spreads calls over the workers serving a function', async () => {
    const d = await deployPython();
    const answer = (who: string) => () => ({ type: 'result', result: { vars: { who } } });
    const one = await worker('admin', ['adjust'], answer('one'));
    const two = await worker('admin', ['adjust', 'other'], answer('two'));
    const whos = [];
    for (const id of ['s1', 's2', 's3', 's4']) whos.push((await alert(d, id)).py.output.out?.[0]?.vars?.who);
    expect(whos.sort()).toEqual(['one', 'one', 'two', 'two']);
    expect([one.calls.length, two.calls.length]).toEqual([2, 2]);
    one.ws.close();
    two.ws.close();
  });

  it('answers malformed frames with an error frame and stays connected', async () => {
    const w = await worker('admin', ['adjust']);
    for (const bad of [
      'not json',
      '{"type":"register","functions":["1bad"]}',
      '{"type":"register","functions":[]}',
      '{"type":"result"}',
      '{"type":"launch"}',
      '[]',
    ]) {
      w.ws.send(bad);
      expect(await w.next('error'), bad).toMatchObject({ error: { code: 'invalid_message' } });
    }
    w.ws.send(JSON.stringify({ type: 'error', id: 'c999', error: { message: 'x' } }));
    expect(await w.next('error')).toMatchObject({ error: { code: 'unknown_call' } });
    w.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await w.next('pong')).toEqual({ type: 'pong' });
    expect(t.ctx.engine.functions.served(t.users.admin.id)).toEqual({ adjust: 1 });
    w.ws.close();
  });
});
