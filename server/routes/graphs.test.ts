import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
let admin: string;
let bob: string;
let straddle: Record<string, unknown>;
beforeAll(async () => {
  t = await createTestApp();
  [admin, bob] = await Promise.all([t.login('admin'), t.login('bob')]);
  straddle = (await request(t.app).get('/api/templates/short-straddle')).body as Record<string, unknown>;
});
afterAll(async () => t.close());

const as = (cookie: string) => ({
  get: (url: string) => request(t.app).get(url).set('Cookie', cookie),
  post: (url: string, body?: object) => request(t.app).post(url).set('Cookie', cookie).send(body),
  put: (url: string, body: object) => request(t.app).put(url).set('Cookie', cookie).send(body),
  delete: (url: string) => request(t.app).delete(url).set('Cookie', cookie),
});

async function createGraph(cookie: string, graph: object = straddle): Promise<string> {
  const res = await as(cookie).post('/api/graphs', { graph });
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

describe('graph drafts', () => {
  it('creates a draft with a server id and rev 1, then reads and lists it', async () => {
    const res = await as(admin).post('/api/graphs', { graph: { ...straddle, id: 'client-chosen', rev: 99 } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^g_[0-9a-z]{16}$/), rev: 1 });
    const { id } = res.body as { id: string };
    const got = await as(admin).get(`/api/graphs/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ id, rev: 1, updatedAt: expect.any(Number), graph: { ...straddle, id, rev: 1 } });
    const list = await as(admin).get('/api/graphs');
    expect(list.body).toContainEqual({ id, name: straddle.name, rev: 1, updatedAt: got.body.updatedAt, versions: 0 });
  });

  it('stores an unfinished draft; validate lists what is left to do', async () => {
    const id = await createGraph(admin, { schemaVersion: 1, name: 'WIP', nodes: [{ id: 'a', type: 'no.such' }], edges: [] });
    const res = await as(admin).post(`/api/graphs/${id}/validate`);
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.problems.length).toBeGreaterThan(0);
    const ok = await as(admin).post(`/api/graphs/${await createGraph(admin)}/validate`);
    expect(ok.body).toEqual({ valid: true, problems: [] });
  });

  it('refuses drafts without the graph shape, wrong types, __proto__ keys, malformed JSON and huge bodies', async () => {
    const bad: unknown[] = [
      undefined,
      'graph',
      { name: 'x', nodes: [], edges: [] },
      { schemaVersion: 2, name: 'x', nodes: [], edges: [] },
      { schemaVersion: 1, nodes: [], edges: [] },
      { schemaVersion: 1, name: 5, nodes: [], edges: [] },
      { schemaVersion: 1, name: 'x', nodes: {}, edges: [] },
      { schemaVersion: 1, name: 'x', nodes: [] },
    ];
    for (const graph of bad) {
      const res = await as(admin).post('/api/graphs', { graph });
      expect(res.status, JSON.stringify(graph)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    const proto = await request(t.app)
      .post('/api/graphs')
      .set('Cookie', admin)
      .set('Content-Type', 'application/json')
      .send('{"graph":{"schemaVersion":1,"name":"x","nodes":[{"id":"a","params":{"__proto__":{"polluted":true}}}],"edges":[]}}');
    expect(proto.status).toBe(400);
    expect(proto.body.error.details.path).toBe('graph.nodes.0.params.__proto__');
    const malformed = await request(t.app).post('/api/graphs').set('Cookie', admin).set('Content-Type', 'application/json').send('{"graph":');
    expect(malformed.status).toBe(400);
    const huge = await as(admin).post('/api/graphs', { graph: { ...straddle, description: 'x'.repeat(300_000) } });
    expect(huge.status).toBe(413);
  });

  it('saves with the current rev and refuses a stale one without losing the stored draft', async () => {
    const id = await createGraph(admin);
    const saved = await as(admin).put(`/api/graphs/${id}`, { graph: { ...straddle, name: 'Renamed' }, rev: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ rev: 2 });
    const stale = await as(admin).put(`/api/graphs/${id}`, { graph: { ...straddle, name: 'Lost edit' }, rev: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_rev', details: { currentRev: 2 } });
    const got = await as(admin).get(`/api/graphs/${id}`);
    expect(got.body).toMatchObject({ rev: 2, graph: { name: 'Renamed', rev: 2 } });
    expect((await as(admin).get('/api/graphs')).body).toContainEqual(expect.objectContaining({ id, name: 'Renamed', rev: 2 }));
    for (const body of [{ graph: straddle }, { graph: straddle, rev: '2' }, { graph: straddle, rev: 0 }, { rev: 2 }]) {
      expect((await as(admin).put(`/api/graphs/${id}`, body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('deletes a graph with its versions; a running or stopped deployment keeps it', async () => {
    const id = await createGraph(admin);
    expect((await as(admin).post(`/api/graphs/${id}/publish`)).status).toBe(201);
    const account = await t.ctx.storage.db.selectFrom('accounts').select('id').where('userId', '=', t.users.admin.id).executeTakeFirstOrThrow();
    const now = Date.now();
    const deployment = {
      id: 'd_test',
      userId: t.users.admin.id,
      graphId: id,
      version: 1,
      mode: 'sim' as const,
      accountId: account.id,
      multiplier: 1,
      createdAt: now,
      updatedAt: now,
    };
    await t.ctx.storage.db
      .insertInto('deployments')
      .values({ ...deployment, status: 'running' })
      .execute();
    const inUse = await as(admin).delete(`/api/graphs/${id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: 'in_use', details: { deployments: ['d_test'] } });
    await t.ctx.storage.db.updateTable('deployments').set({ status: 'stopped' }).where('id', '=', 'd_test').execute();
    expect((await as(admin).delete(`/api/graphs/${id}`)).body.error.code).toBe('has_history');
    await t.ctx.storage.db.deleteFrom('deployments').where('id', '=', 'd_test').execute();

    expect((await as(admin).delete(`/api/graphs/${id}`)).status).toBe(204);
    expect((await as(admin).get(`/api/graphs/${id}`)).status).toBe(404);
    expect(await t.ctx.storage.db.selectFrom('graphVersions').select('version').where('graphId', '=', id).execute()).toEqual([]);
    expect((await as(admin).delete(`/api/graphs/${id}`)).status).toBe(404);
  });

  it('writes the audit log for create, update, publish and delete', async () => {
    const id = await createGraph(admin);
    await as(admin).put(`/api/graphs/${id}`, { graph: straddle, rev: 1 });
    await as(admin).post(`/api/graphs/${id}/publish`);
    await as(admin).delete(`/api/graphs/${id}`);
    const rows = await t.ctx.storage.db.selectFrom('auditLog').select(['userId', 'action']).where('target', '=', id).orderBy('id').execute();
    expect(rows).toEqual(['graph.create', 'graph.update', 'graph.publish', 'graph.delete'].map((action) => ({ userId: t.users.admin.id, action })));
  });
});

describe('published versions', () => {
  it('publishes 1, 2, … as immutable copies of the draft', async () => {
    const id = await createGraph(admin);
    expect((await as(admin).post(`/api/graphs/${id}/publish`)).body).toMatchObject({ version: 1 });
    await as(admin).put(`/api/graphs/${id}`, { graph: { ...straddle, name: 'Second' }, rev: 1 });
    const second = await as(admin).post(`/api/graphs/${id}/publish`);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ version: 2 });
    const versions = await as(admin).get(`/api/graphs/${id}/versions`);
    expect(versions.body).toEqual([
      { version: 1, createdAt: expect.any(Number) },
      { version: 2, createdAt: expect.any(Number) },
    ]);
    const v1 = await as(admin).get(`/api/graphs/${id}/versions/1`);
    expect(v1.body).toMatchObject({ graphId: id, version: 1, graph: { name: straddle.name, id, rev: 1 } });
    expect((await as(admin).get(`/api/graphs/${id}/versions/2`)).body.graph.name).toBe('Second');
    for (const v of ['3', '0', 'abc', '1.5', '-1']) expect((await as(admin).get(`/api/graphs/${id}/versions/${v}`)).status, v).toBe(404);
    expect((await as(admin).get('/api/graphs')).body).toContainEqual(expect.objectContaining({ id, versions: 2 }));
  });

  it('refuses to publish an invalid draft with 422 and every problem', async () => {
    const id = await createGraph(admin, { schemaVersion: 1, name: 'No source', nodes: [], edges: [] });
    const res = await as(admin).post(`/api/graphs/${id}/publish`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('invalid_graph');
    expect(res.body.error.details.problems).toContainEqual(expect.objectContaining({ code: 'missing_source' }));
    expect((await as(admin).get(`/api/graphs/${id}/versions`)).body).toEqual([]);
  });
});

describe('test runs', () => {
  it('runs the draft on a sample signal, defaulting channel and source from the graph, and orders nothing', async () => {
    const id = await createGraph(admin);
    const res = await as(admin).post(`/api/graphs/${id}/test`, { signal: { action: 'entry' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ signalId: expect.stringMatching(/^test-/), status: 'completed' });
    const steps = res.body.steps as Array<{ nodeId: string; status: string }>;
    expect(steps.map((s) => s.nodeId)).toEqual(expect.arrayContaining(['tv', 'route', 'straddle']));
    expect(steps.every((s) => s.status === 'ok')).toBe(true);
    expect(await t.ctx.engine.sim.broker.orders()).toEqual([]);
    expect(await t.ctx.storage.db.selectFrom('orders').selectAll().execute()).toEqual([]);
  });

  it('a signal on another channel reaches no source', async () => {
    const id = await createGraph(admin);
    const res = await as(admin).post(`/api/graphs/${id}/test`, { signal: { action: 'ENTRY', channel: 'elsewhere' } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ignored');
  });

  it('a bad signal is 400 with its problems; an invalid draft is 422', async () => {
    const id = await createGraph(admin);
    const bad = await as(admin).post(`/api/graphs/${id}/test`, { signal: { action: '', price: 'abc' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_signal');
    expect(new Set(bad.body.error.details.problems.map((p: { path: string }) => p.path))).toEqual(new Set(['action', 'price']));
    for (const body of [{}, { signal: 'ENTRY' }, { signal: [] }]) expect((await as(admin).post(`/api/graphs/${id}/test`, body)).status).toBe(400);
    const wip = await createGraph(admin, { schemaVersion: 1, name: 'WIP', nodes: [], edges: [] });
    const invalid = await as(admin).post(`/api/graphs/${wip}/test`, { signal: { action: 'ENTRY' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.problems.length).toBeGreaterThan(0);
  });
});

describe('ownership', () => {
  it('bob never sees or touches admin’s graphs: 404 everywhere, absent from his list', async () => {
    const id = await createGraph(admin);
    await as(admin).post(`/api/graphs/${id}/publish`);
    expect((await as(bob).get('/api/graphs')).body.map((g: { id: string }) => g.id)).not.toContain(id);
    const attempts: Record<string, () => request.Test> = {
      get: () => as(bob).get(`/api/graphs/${id}`),
      put: () => as(bob).put(`/api/graphs/${id}`, { graph: straddle, rev: 1 }),
      delete: () => as(bob).delete(`/api/graphs/${id}`),
      validate: () => as(bob).post(`/api/graphs/${id}/validate`),
      publish: () => as(bob).post(`/api/graphs/${id}/publish`),
      versions: () => as(bob).get(`/api/graphs/${id}/versions`),
      version: () => as(bob).get(`/api/graphs/${id}/versions/1`),
      test: () => as(bob).post(`/api/graphs/${id}/test`, { signal: { action: 'ENTRY' } }),
    };
    for (const [what, attempt] of Object.entries(attempts)) {
      const res = await attempt();
      expect(res.status, what).toBe(404);
      expect(res.body.error.code, what).toBe('not_found');
    }
    expect((await as(admin).get(`/api/graphs/${id}`)).body.rev).toBe(1);
    expect((await as(admin).get(`/api/graphs/${id}/versions`)).body).toHaveLength(1);
  });

  it('unknown ids are 404 and anonymous callers 401; an API key works like the session', async () => {
    expect((await as(admin).get('/api/graphs/g_nosuchgraph')).status).toBe(404);
    expect((await request(t.app).get('/api/graphs')).status).toBe(401);
    expect((await request(t.app).post('/api/graphs').send({ graph: straddle })).status).toBe(401);
    const key = await t.key('bob');
    const created = await request(t.app).post('/api/graphs').set('Authorization', `Bearer ${key}`).send({ graph: straddle });
    expect(created.status).toBe(201);
    expect((await as(bob).get('/api/graphs')).body.map((g: { id: string }) => g.id)).toContain(created.body.id);
  });
});
