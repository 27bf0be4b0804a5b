import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NODE_RUNS } from '../../runtime/execute.ts';
import { edge, graph, node } from '../../runtime/testing/graph.ts';
import type { TraceStep } from '../../runtime/trace.ts';
import { parseEnv } from '../../server/env.ts';
import { startServer } from '../../server/main.ts';
import { createTestApp, type TestApp } from '../../server/testing/app.ts';
import { deployGraph, settle } from '../../server/testing/trading.ts';
import { expectError } from './expect-error.ts';

/**
 * One rule or one graph must not stop the server: a rule that would build a billion-item list or run for
 * minutes fails its node with `Rule too costly`; list operators nested too deep are refused at publish; a
 * run that multiplies its messages stops at MAX_NODE_RUNS; a long run hands the thread back so another
 * deployment's alert is answered meanwhile; a run the server stopped during is run again once, then
 * recorded failed with the reason, so it cannot stop the server at every start.
 */

const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The audit's 164-byte rule: a list merged with itself thirty times is a billion items. */
const DOUBLING = { reduce: [upTo(30), { merge: [{ var: 'accumulator' }, { var: 'accumulator' }] }, [1]] };

/** A list operator nested `levels` deep over ten items: 10^levels runs of the innermost rule. */
function nested(op: string, levels: number): unknown {
  let rule: unknown = true;
  for (let i = 0; i < levels; i++) rule = { [op]: [upTo(10), rule] };
  return rule;
}

/** TradingView on `channel` → a condition with `rule` → a note when it holds. */
function conditionGraph(channel: string, rule: unknown) {
  return graph(
    [node('tv', 'source.tradingview', { channel }), node('cond', 'transform.condition', { rule }), node('note', 'exec.notify', { message: 'held' })],
    [edge('tv', 'signal', 'cond'), edge('cond', 'true', 'note')],
  );
}

/** TradingView on `channel`, then `length` conditions in a row (each one passes the signal on). */
function chain(channel: string, length: number) {
  const nodes: unknown[] = [node('tv', 'source.tradingview', { channel })];
  const edges: unknown[] = [];
  let previous = edge('tv', 'signal', 'c0');
  for (let i = 0; i < length; i++) {
    nodes.push(node(`c${i}`, 'transform.condition', { rule: true }));
    edges.push(previous);
    previous = edge(`c${i}`, 'true', `c${i + 1}`);
  }
  return graph(nodes, edges);
}

/** Joins that branch and meet again `levels` times: the messages double at every meeting. */
function diamonds(levels: number) {
  const nodes: unknown[] = [node('tv', 'source.tradingview', { channel: 'diamonds' }), node('j0', 'transform.condition', { rule: true })];
  const edges: unknown[] = [edge('tv', 'signal', 'j0')];
  for (let i = 0; i < levels; i++) {
    nodes.push(
      node(`l${i}`, 'transform.condition', { rule: true }),
      node(`r${i}`, 'transform.condition', { rule: true }),
      node(`j${i + 1}`, 'transform.condition', { rule: true }),
    );
    edges.push(edge(`j${i}`, 'true', `l${i}`), edge(`j${i}`, 'true', `r${i}`), edge(`l${i}`, 'true', `j${i + 1}`), edge(`r${i}`, 'true', `j${i + 1}`));
  }
  return graph(nodes, edges);
}

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  cookie = await t.login('admin');
});
afterAll(async () => {
  await t.close();
});

/** The shape every refusal has, with its status. */

async function createDraft(g: unknown): Promise<string> {
  const res = await request(t.app).post('/api/graphs').set('Cookie', cookie).send({ graph: g });
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
  return (res.body as { id: string }).id;
}

async function testRun(graphId: string): Promise<{ status: string; steps: TraceStep[] }> {
  const res = await request(t.app)
    .post(`/api/graphs/${graphId}/test`)
    .set('Cookie', cookie)
    .send({ signal: { action: 'ENTRY' } });
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
  return res.body as { status: string; steps: TraceStep[] };
}

/** The server still answers a signed-in user. */
async function stillAnswers(): Promise<void> {
  await request(t.app).get('/api/graphs').set('Cookie', cookie).expect(200);
}

describe('a rule that would exhaust the server', () => {
  it('the 164-byte doubling rule publishes, and fails its node with "Rule too costly" in a test run and when deployed', async () => {
    expect(JSON.stringify(DOUBLING).length).toBeLessThanOrEqual(164);
    const g = conditionGraph('doubling', DOUBLING);
    const graphId = await createDraft(g);
    const trial = await testRun(graphId);
    expect(trial.status).toBe('failed');
    expect(trial.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['tv', 'ok'],
      ['cond', 'failed'],
    ]);
    expect(trial.steps[1]!.error).toMatch(
      /^Rule too costly: .*list operator \(map, filter, reduce, all, some, none\) repeats everything inside it once per item/,
    );

    const d = await deployGraph(t, 'admin', g);
    const alert = await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    const signalId = (alert.body as { signalId: string }).signalId;
    await settle(t);
    const signal = (await request(t.app).get(`/api/signals/${signalId}`).set('Cookie', cookie).expect(200)).body as {
      status: string;
      runs: Array<{ status: string; trace: { steps: TraceStep[] } }>;
    };
    expect([signal.status, signal.runs.map((r) => r.status)]).toEqual(['failed', ['failed']]);
    expect(signal.runs[0]!.trace.steps.find((s) => s.nodeId === 'cond')!.error).toMatch(/^Rule too costly/);
    await stillAnswers();
  });

  it('a set node whose fields together run too long fails with "Rule too costly", not the server', async () => {
    // Three levels over 30 items is 27,000 runs of the inner rule per field: two fields are over one node's budget.
    let heavy: unknown = { '+': [1, 1] };
    for (let i = 0; i < 3; i++) heavy = { all: [upTo(30), heavy] };
    const g = graph(
      [node('tv', 'source.tradingview', { channel: 'heavy' }), node('set', 'transform.set', { fields: { a: heavy, b: heavy } })],
      [edge('tv', 'signal', 'set')],
    );
    const trial = await testRun(await createDraft(g));
    expect(trial.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['tv', 'ok'],
      ['set', 'failed'],
    ]);
    expect(trial.steps[1]!.error).toMatch(/^Rule too costly: it (needed more than 50,000 steps|ran longer than 100 ms)/);
    await stillAnswers();
  });

  it.each([
    ['all', 'rule.all[1].all[1].all[1].all'],
    ['map', 'rule.map[1].map[1].map[1].map'],
  ])('list operators (%s) nested 8 deep are refused at publish and test run, naming where', async (op, where) => {
    const g = conditionGraph(`nested-${op}`, nested(op, 8));
    const graphId = await createDraft(g);
    const published = await request(t.app).post(`/api/graphs/${graphId}/publish`).set('Cookie', cookie);
    const error = expectError(published, 422, 'invalid_graph');
    expect(error.details.problems).toEqual([
      expect.objectContaining({
        code: 'invalid_params',
        nodeId: 'cond',
        message: expect.stringContaining(`${where}: list operators (map, filter, reduce, all, some, none) are nested more than 3 deep`) as string,
      }),
    ]);
    expectError(
      await request(t.app)
        .post(`/api/graphs/${graphId}/test`)
        .set('Cookie', cookie)
        .send({ signal: { action: 'ENTRY' } }),
      422,
      'invalid_graph',
    );
    await stillAnswers();
  });
});

describe('a graph that would hold the server', () => {
  it('more than 1,000 nodes is refused when saved, saying the limit', async () => {
    const res = await request(t.app)
      .post('/api/graphs')
      .set('Cookie', cookie)
      .send({ graph: chain('huge', 1000) });
    const error = expectError(res, 400, 'invalid_request');
    expect(error.message).toContain('a graph holds at most 1,000 nodes; split it into several graphs');
    await stillAnswers();
  });

  it(`joins that double the messages at every level stop after ${MAX_NODE_RUNS.toLocaleString('en-US')} node runs, failed, saying why`, async () => {
    // 14 levels: 16,384 messages reach the last join, from a graph of 43 nodes.
    const trial = await testRun(await createDraft(diamonds(14)));
    expect(trial.status).toBe('failed');
    expect(trial.steps).toHaveLength(MAX_NODE_RUNS + 1);
    expect(trial.steps.slice(0, -1).every((s) => s.status === 'ok')).toBe(true);
    expect(trial.steps.at(-1)!.error).toMatch(/^Run too costly: this signal made nodes run 10,000 times, the most one signal may/);
    await stillAnswers();
  });

  it('1,000 set nodes each adding a var run and are recorded, each step showing 50 vars and how many more', async () => {
    // Every step's picture once held every var, and storing the trace compared each picture with all the
    // ones before it: this run used to hold the server for most of a minute.
    const nodes: unknown[] = [node('tv', 'source.tradingview', { channel: 'vars' })];
    const edges: unknown[] = [edge('tv', 'signal', 's0')];
    for (let i = 0; i < 999; i++) {
      nodes.push(node(`s${i}`, 'transform.set', { fields: { [`v${i}`]: { '+': [i, 1] } } }));
      if (i > 0) edges.push(edge(`s${i - 1}`, 'out', `s${i}`));
    }
    const d = await deployGraph(t, 'admin', graph(nodes, edges));
    const alert = await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY' }).expect(200);
    await settle(t);
    const signal = (
      await request(t.app)
        .get(`/api/signals/${(alert.body as { signalId: string }).signalId}`)
        .set('Cookie', cookie)
        .expect(200)
    ).body as {
      status: string;
      runs: Array<{ trace: { steps: TraceStep[] } }>;
    };
    expect(signal.status).toBe('completed');
    const last = signal.runs[0]!.trace.steps.at(-1)!;
    expect(signal.runs[0]!.trace.steps).toHaveLength(1000);
    expect(Object.keys(last.output.out![0]!.vars!)).toHaveLength(51);
    expect(last.output.out![0]!.vars).toMatchObject({ v0: 1, v49: 50, '…': '949 more' });
    await stillAnswers();
  }, 20_000);

  it('another deployment’s alert is answered while a 1,000-node run is under way', async () => {
    const long = await deployGraph(t, 'admin', chain('long', 999));
    const other = await deployGraph(t, 'admin', conditionGraph('other', { '==': [{ var: 'action' }, 'ENTRY'] }));
    // What happens, in the order it happens: no clock is read.
    const order: string[] = [];
    let nodesRun = 0;
    let otherAlert: Promise<request.Response> | undefined;
    const stop = t.ctx.engine.events.on((e) => {
      if (e.type !== 'run.node' || e.data.deploymentId !== long.deploymentId) return;
      nodesRun++;
      if (nodesRun === 100) {
        order.push('long run at node 100');
        otherAlert = request(t.app)
          .post(other.hookPath)
          .send({ secret: other.secret, action: 'ENTRY' })
          .then((res) => {
            order.push(`other alert answered ${res.status}`);
            return res;
          });
      }
      if (nodesRun === 1000) order.push('long run at node 1000');
    });
    try {
      await request(t.app).post(long.hookPath).send({ secret: long.secret, action: 'ENTRY' }).expect(200);
      await settle(t);
      expect(((await otherAlert!).body as { status: string }).status).toBe('accepted');
    } finally {
      stop();
    }
    expect(order).toEqual(['long run at node 100', 'other alert answered 200', 'long run at node 1000']);
    await settle(t);
    const signals = (await request(t.app).get('/api/signals?limit=5').set('Cookie', cookie).expect(200)).body as Array<{ channel: string; status: string }>;
    expect(signals.filter((s) => s.channel === 'long' || s.channel === 'other').map((s) => [s.channel, s.status])).toEqual([
      ['other', 'completed'],
      ['long', 'completed'],
    ]);
  });
});

describe('a run the server stopped during', () => {
  const PASSWORD = 'restart-test-password';

  /** The server as `legflow start` boots it, on `dataDir`, with what it printed. */
  async function boot(dataDir: string) {
    const printed: string[] = [];
    const env = parseEnv({ PORT: '0', HOST: '127.0.0.1', LEGFLOW_DATA: dataDir, LEGFLOW_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' });
    const server = await startServer(env, (line) => printed.push(line));
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const session = login.headers.get('set-cookie')!.split(';')[0]!;
    const api = async (path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { cookie: session, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    /** The signal once its runs are over (the API says `running` until then). */
    const finished = async (signalId: string) => {
      for (;;) {
        const { body } = await api(`/api/signals/${signalId}`);
        if (body.status !== 'accepted' && body.status !== 'running')
          return body as { status: string; runs: Array<{ status: string; trace: { abandoned?: unknown } | null }> };
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    return { server, printed, api, finished };
  }

  /** Puts runs back as a crash leaves them: acknowledged, not finished. */
  function leaveUnfinished(dataDir: string, runs: Array<{ signalId: string; status: 'queued' | 'running'; attempts: number }>): void {
    const db = new BetterSqlite3(join(dataDir, 'legflow.db'));
    try {
      for (const r of runs) {
        db.prepare('UPDATE signal_runs SET status = ?, attempts = ?, trace = NULL, finished_at = NULL WHERE signal_id = ?').run(
          r.status,
          r.attempts,
          r.signalId,
        );
        db.prepare("UPDATE signals SET status = 'accepted' WHERE id = ?").run(r.signalId);
      }
    } finally {
      db.close();
    }
  }

  function attemptsOf(dataDir: string, signalId: string): number {
    const db = new BetterSqlite3(join(dataDir, 'legflow.db'), { readonly: true });
    try {
      return (db.prepare('SELECT attempts FROM signal_runs WHERE signal_id = ?').get(signalId) as { attempts: number }).attempts;
    } finally {
      db.close();
    }
  }

  it('is run again once (that start counted on disk); stopped during twice, it is recorded failed with the reason, and the server comes up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'legflow-rules-restart-'));
    const first = await boot(dataDir);
    const g = graph(
      [node('tv', 'source.tradingview', { channel: 'restart' }), node('note', 'exec.notify', { message: 'ran {{action}}' })],
      [edge('tv', 'signal', 'note')],
    );
    const { body: created } = await first.api('/api/graphs', { graph: g });
    expect((await first.api(`/api/graphs/${created.id as string}/publish`, {})).status).toBe(201);
    const { body: deployment } = await first.api('/api/deployments', { graphId: created.id, version: 1, mode: 'sim' });
    const channel = (deployment.channels as Array<{ url: string; secret: string }>)[0]!;
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await fetch(`${first.server.url}${new URL(channel.url).pathname}`, {
        method: 'POST',
        body: JSON.stringify({ secret: channel.secret, action: 'ENTRY', n }),
      });
      ids.push(((await res.json()) as { signalId: string }).signalId);
    }
    for (const id of ids) expect((await first.finished(id)).status).toBe('completed');
    await first.server.close();

    // The first signal's run was resumed once already and the server stopped during it again; the second
    // waited behind it. The first is not run a third time; the second runs.
    const [stoppedTwice, waiting, stoppedOnce] = ids as [string, string, string];
    leaveUnfinished(dataDir, [
      { signalId: stoppedTwice, status: 'running', attempts: 2 },
      { signalId: waiting, status: 'queued', attempts: 0 },
    ]);
    const second = await boot(dataDir);
    const abandoned = await second.finished(stoppedTwice);
    expect([abandoned.status, abandoned.runs.map((r) => r.status)]).toEqual(['failed', ['failed']]);
    expect(abandoned.runs[0]!.trace!.abandoned).toEqual({
      code: 'stopped_during_run',
      reason: expect.stringMatching(/^The server stopped during this run 2 times, so it is not run again/) as string,
      attempts: 2,
    });
    expect((await second.finished(waiting)).status).toBe('completed');
    expect(second.printed).toContain('Resumed 1 signal run that had not finished before the last stop.');
    await second.server.close();
    expect(attemptsOf(dataDir, waiting)).toBe(0);

    // A run the server stopped during once: started again, and that second start is on disk.
    leaveUnfinished(dataDir, [{ signalId: stoppedOnce, status: 'queued', attempts: 0 }]);
    const third = await boot(dataDir);
    expect((await third.finished(stoppedOnce)).status).toBe('completed');
    expect((await third.api('/api/graphs')).status).toBe(200);
    await third.server.close();
    expect(attemptsOf(dataDir, stoppedOnce)).toBe(2);
  }, 30_000);
});
