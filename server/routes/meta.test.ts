import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../nodes/catalogue.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('meta routes', () => {
  it('GET /api/health needs no sign-in', async () => {
    const before = Date.now();
    const res = await request(t.app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), time: expect.any(String) });
    // The server's own wall clock, read while it answered.
    expect(Date.parse(res.body.time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(res.body.time)).toBeLessThanOrEqual(Date.now());
  });

  it('GET /api/node-types describes every node type with a params JSON Schema and parsed defaults', async () => {
    const res = await request(t.app).get('/api/node-types');
    expect(res.status).toBe(200);
    const types = res.body as Array<Record<string, unknown>>;
    expect(types.map((n) => n.type)).toEqual(catalogue.map((d) => d.type));
    const tv = types.find((n) => n.type === 'source.tradingview')!;
    expect(tv).toMatchObject({
      version: 1,
      category: 'source',
      title: 'TradingView alert',
      inputs: [],
      outputs: [{ name: 'signal', kind: 'signal', label: 'Signal' }],
      defaults: { channel: 'my-strategy', actions: [] },
      summary: 'Channel my-strategy · all actions',
    });
    expect(tv.params).toMatchObject({ type: 'object', properties: { channel: { type: 'string', default: 'my-strategy', description: expect.any(String) } } });
    for (const n of types) expect(n.params, String(n.type)).toHaveProperty('type', 'object');
  });

  it('GET /api/templates lists the shipped strategies and each opens as a graph', async () => {
    const res = await request(t.app).get('/api/templates');
    expect(res.status).toBe(200);
    const list = res.body as Array<{ id: string; name: string; description: string; nodeCount: number }>;
    expect(list.map((x) => x.id)).toEqual([
      'bull-call-spread',
      'futures-hedge',
      'iron-condor-trailing',
      'iron-condor',
      'orb-breakout',
      'python-iron-butterfly',
      'reentry-at-cost-straddle',
      'reentry-straddle',
      'short-straddle',
      'short-strangle',
      'wait-and-trade-strangle',
    ]);
    const straddle = list.find((x) => x.id === 'short-straddle')!;
    expect(straddle).toMatchObject({ name: 'NIFTY short straddle on TradingView', nodeCount: expect.any(Number) });
    const graph = await request(t.app).get('/api/templates/short-straddle');
    expect(graph.status).toBe(200);
    expect(graph.body).toMatchObject({ schemaVersion: 1, name: straddle.name });
    expect(graph.body.nodes).toHaveLength(straddle.nodeCount);
  });

  it('an unknown template is 404', async () => {
    for (const id of ['nope', '..%2Fpackage', 'short-straddle.graph.json']) {
      const res = await request(t.app).get(`/api/templates/${id}`);
      expect(res.status, id).toBe(404);
    }
  });

  it('GET /api/openapi.json lists every declared route, with bodies from the same zod schemas', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { security?: unknown; requestBody?: unknown }>>;
    const routes = Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/auth/me',
        'POST /api/keys',
        'GET /api/keys',
        'DELETE /api/keys/{id}',
        'GET /api/health',
        'GET /api/node-types',
        'GET /api/templates',
        'GET /api/templates/{id}',
        'GET /api/openapi.json',
        'POST /api/graphs',
        'GET /api/graphs',
        'GET /api/graphs/{id}',
        'PUT /api/graphs/{id}',
        'DELETE /api/graphs/{id}',
        'POST /api/graphs/{id}/validate',
        'POST /api/graphs/{id}/publish',
        'GET /api/graphs/{id}/versions',
        'GET /api/graphs/{id}/versions/{version}',
        'POST /api/graphs/{id}/test',
      ]),
    );
    expect(paths['/api/graphs/{id}']!.put!.security).toBeDefined();
    expect(paths['/api/health']!.get!.security).toBeUndefined();
    expect(paths['/api/auth/login']!.post!.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { username: { type: 'string' }, password: { type: 'string' } } } } },
    });
  });
});
