import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../ids.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
let admin: string;
let bob: string;
beforeAll(async () => {
  t = await createTestApp();
  [admin, bob] = await Promise.all([t.login('admin'), t.login('bob')]);
});
afterAll(async () => t.close());

const create = (cookie: string, name: string) => request(t.app).post('/api/keys').set('Cookie', cookie).send({ name });

describe('/api/keys', () => {
  it('creates a key shown once, stored as a digest and a sealed signing key, that works as a bearer until deleted', async () => {
    const res = await create(admin, 'notebook');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-z]{10}$/),
      name: 'notebook',
      scopes: ['signals', 'read'],
      key: expect.any(String),
      createdAt: expect.any(Number),
    });
    const { id, key } = res.body as { id: string; key: string };
    expect(key).toMatch(new RegExp(`^lf_${id}_[\\w-]{43}$`));
    const row = await t.ctx.storage.db.selectFrom('apiKeys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.bearerHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.signingKey).toMatch(/^s1\./);
    expect(JSON.stringify(row)).not.toContain(key.slice(14));
    expect(JSON.stringify(row)).not.toContain(sha256Hex(key.slice(14)));

    const listed = await request(t.app).get('/api/keys').set('Authorization', `Bearer ${key}`);
    expect(listed.status).toBe(200);
    const mine = (listed.body as Array<Record<string, unknown>>).find((k) => k.id === id)!;
    expect(mine).toEqual({ id, name: 'notebook', scopes: ['signals', 'read'], createdAt: res.body.createdAt, lastUsedAt: expect.any(Number) });
    expect(JSON.stringify(listed.body)).not.toContain(key);

    expect((await request(t.app).delete(`/api/keys/${id}`).set('Cookie', admin)).status).toBe(204);
    expect((await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${key}`)).status).toBe(401);
    expect((await request(t.app).delete(`/api/keys/${id}`).set('Cookie', admin)).status).toBe(404);
  });

  it('another user can neither see nor delete my keys (404, as if missing)', async () => {
    const { id } = (await create(admin, 'admin only')).body as { id: string };
    const list = await request(t.app).get('/api/keys').set('Cookie', bob);
    expect((list.body as Array<{ id: string }>).map((k) => k.id)).not.toContain(id);
    const del = await request(t.app).delete(`/api/keys/${id}`).set('Cookie', bob);
    expect(del.status).toBe(404);
    expect(del.body.error.code).toBe('not_found');
    expect((await request(t.app).get('/api/keys').set('Cookie', admin)).body).toContainEqual(expect.objectContaining({ id }));
  });

  it('refuses a missing, empty or non-text name, and callers who are not signed in', async () => {
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 7 }, { name: 'x'.repeat(101) }]) {
      const res = await request(t.app).post('/api/keys').set('Cookie', admin).send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await request(t.app).post('/api/keys').send({ name: 'x' })).status).toBe(401);
    expect((await request(t.app).get('/api/keys')).status).toBe(401);
    expect((await request(t.app).delete('/api/keys/abc')).status).toBe(401);
  });

  it('unknown ids are 404', async () => {
    expect((await request(t.app).delete('/api/keys/nosuchkey0').set('Cookie', admin)).status).toBe(404);
  });
});
