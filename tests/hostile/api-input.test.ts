import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../server/http/read-json.ts';
import { createTestApp, type TestApp } from '../../server/testing/app.ts';
import { signedSignal } from '../../server/testing/signing.ts';
import { expectError } from './expect-error.ts';

/** The shape every refusal has, with its status. */

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const straddle = readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'short-straddle.graph.json'), 'utf8');

let t: TestApp;
let cookie: string;
let graphId: string;

beforeAll(async () => {
  t = await createTestApp();
  cookie = await t.login('admin');
  graphId = (
    await request(t.app)
      .post('/api/graphs')
      .set('Cookie', cookie)
      .send({ graph: JSON.parse(straddle) })
      .expect(201)
  ).body.id;
});
afterAll(() => t.close());

const sendJson = (method: 'post' | 'put', path: string, body: string, type = 'application/json') =>
  request(t.app)[method](path).set('Cookie', cookie).set('Content-Type', type).send(body);

describe('JSON bodies of the API', () => {
  it.each([3_000, 30_000])('a graph nested %i deep is 400 too_deep with the limit, and the server still answers', async (depth) => {
    for (const res of [
      await sendJson('post', '/api/graphs', `{"graph": {"nodes": ${nested(depth)}}}`),
      await sendJson('put', `/api/graphs/${graphId}`, `{"rev": 1, "graph": ${nested(depth)}}`),
      await sendJson('post', `/api/graphs/${graphId}/test`, `{"signal": {"action": "ENTRY", "x": ${nested(depth)}}}`),
    ]) {
      expectError(res, 400, 'too_deep');
      expect(res.body.error.details).toMatchObject({ limit: MAX_JSON_DEPTH, line: 1 });
    }
    await request(t.app).get(`/api/graphs/${graphId}`).set('Cookie', cookie).expect(200);
  });

  it('nesting up to the limit is read as before', async () => {
    const res = await sendJson('post', `/api/graphs/${graphId}/test`, `{"signal": {"action": "ENTRY", "x": ${nested(MAX_JSON_DEPTH - 2)}}}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('broken JSON is 400 invalid_json saying where it stops', async () => {
    const res = await sendJson('post', '/api/graphs', '{\n  "graph": {\n    "nodes": [}\n}');
    expectError(res, 400, 'invalid_json');
    expect(res.body.error.details).toEqual({ line: 3, column: 15, offset: 29 });
    expect(res.body.error.message).toContain('line 3, column 15');
  });

  it('a byte-order mark before the JSON is skipped; a charset other than UTF-8 is 415', async () => {
    const bom = await sendJson('post', '/api/graphs', `\uFEFF{"graph": ${straddle}}`);
    expect(bom.status, JSON.stringify(bom.body)).toBe(201);
    expectError(await sendJson('post', '/api/graphs', `{"graph": ${straddle}}`, 'application/json; charset=utf-16le'), 415, 'unsupported_charset');
  });

  it('a signed Python signal nested 4,500 deep is 400 too_deep; a truncated one 400 invalid_json', async () => {
    const key = await t.key('admin');
    const deep = await signedSignal(t.app, key, `{"channel": "py-iron-fly", "action": "ENTRY", "x": ${nested(4_500)}}`);
    expectError(deep, 400, 'too_deep');
    expect(deep.body.error.details).toMatchObject({ limit: MAX_JSON_DEPTH });
    const truncated = await signedSignal(t.app, key, '{"channel": "py-iron-fly", "action": ');
    expectError(truncated, 400, 'invalid_json');
    expect(truncated.body.error.details).toEqual({ line: 1, column: 38, offset: 37 });
    const fine = await signedSignal(t.app, key, '\uFEFF{"channel": "py-iron-fly", "action": "NOTE"}');
    expect(fine.status, JSON.stringify(fine.body)).toBe(200);
  });
});

describe('signed Python signals mean what was sent', () => {
  it('the same action, id and time with another body is 409 conflict naming the first, also when retried', async () => {
    const key = await t.key('admin');
    const signal = (n: number) => JSON.stringify({ channel: 'py-iron-fly', action: 'NOTE', id: 'same-id', time: '2026-11-25T04:30:00Z', n });
    const first = await signedSignal(t.app, key, signal(1), { idempotencyKey: 'conflict-1' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    for (const attempt of [1, 2]) {
      const other = await signedSignal(t.app, key, signal(2), { idempotencyKey: 'conflict-2' });
      expectError(other, 409, 'conflict');
      expect([attempt, other.body.error.details.signalId]).toEqual([attempt, first.body.signalId]);
    }
    const exit = await signedSignal(t.app, key, JSON.stringify({ channel: 'py-iron-fly', action: 'EXIT', id: 'same-id', time: '2026-11-25T04:30:00Z' }));
    expect(exit.body).toMatchObject({ status: 'ignored' });
  });
});

describe('routes that do not exist', () => {
  it('a known path with another method is 405 with Allow', async () => {
    for (const [method, path, allow] of [
      ['delete', '/api/graphs', 'POST, GET, HEAD'],
      ['patch', '/api/health', 'GET, HEAD'],
      ['get', '/api/v1/signals', 'POST'],
      ['post', `/api/graphs/${graphId}/versions/1`, 'GET, HEAD'],
    ] as const) {
      const res = await request(t.app)[method](path).set('Cookie', cookie);
      expectError(res, 405, 'method_not_allowed');
      expect([path, res.headers.allow]).toEqual([path, allow]);
    }
  });

  it('unknown paths are 404 JSON; a trailing slash reaches the route', async () => {
    for (const path of ['/api/nope', '/api', '/api/graphs/g/x/y/z', '/api/v2/signals']) {
      expectError(await request(t.app).post(path).set('Cookie', cookie).send({}), 404, 'not_found');
    }
    expect((await request(t.app).get('/api/health/')).status).toBe(200);
    expect((await request(t.app).get(`/api/graphs/${graphId}/`).set('Cookie', cookie)).status).toBe(200);
  });

  it('a malformed %-escape in an API path is 400 invalid_path', async () => {
    expectError(await request(t.app).get('/api/graphs/%ZZ').set('Cookie', cookie), 400, 'invalid_path');
    // No route has a parameter there to decode: simply no such path.
    expectError(await request(t.app).get('/api/%ZZ'), 404, 'not_found');
    await request(t.app).get('/api/health').expect(200);
  });
});
