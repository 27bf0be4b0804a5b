import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_TTL_MS } from '../auth/sessions.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const me = (headers: Record<string, string>) => request(t.app).get('/api/auth/me').set(headers);

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly, SameSite=Lax, 7-day session cookie and returns the user', async () => {
    const before = Date.now();
    const res = await request(t.app).post('/api/auth/login').send({ username: 'admin', password: 'admin-password-1' });
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: { id: t.users.admin.id, username: 'admin', admin: true } });
    const cookie = res.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^legflow_session=[\w-]{43}; /);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]!);
    // Seven days from the sign-in; the cookie's date has whole seconds.
    expect(expires).toBeGreaterThanOrEqual(before + SESSION_TTL_MS - 1_000);
    expect(expires).toBeLessThanOrEqual(after + SESSION_TTL_MS);
    const who = await me({ Cookie: cookie.split(';')[0]! });
    expect(who.body).toEqual({ user: { id: t.users.admin.id, username: 'admin', admin: true } });
  });

  it('stores only a hash of the session token', async () => {
    const cookie = await t.login('bob');
    const token = cookie.split('=')[1]!;
    const rows = await t.ctx.storage.db.selectFrom('sessions').select('tokenHash').execute();
    expect(rows.some((r) => r.tokenHash.includes(token))).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.tokenHash))).toBe(true);
  });

  it('marks the cookie Secure when the request came over https through a trusted proxy', async () => {
    const before: unknown = t.app.get('trust proxy');
    t.app.set('trust proxy', 1); // as with LEGFLOW_TRUSTED_PROXIES=1
    try {
      const res = await request(t.app).post('/api/auth/login').set('X-Forwarded-Proto', 'https').send({ username: 'bob', password: 'bob-password-1' });
      expect(res.headers['set-cookie']![0]).toMatch(/; Secure/);
    } finally {
      t.app.set('trust proxy', before);
    }
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await request(t.app).post('/api/auth/login').send({ username: 'admin', password: 'nope-nope' });
    const unknown = await request(t.app).post('/api/auth/login').send({ username: 'mallory', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('refuses malformed JSON, wrong types, __proto__ keys and huge bodies with clear errors', async () => {
    const malformed = await request(t.app).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const types = await request(t.app)
      .post('/api/auth/login')
      .send({ username: 42, password: ['x'] });
    expect(types.status).toBe(400);
    expect(types.body.error).toMatchObject({ code: 'invalid_request' });
    expect(types.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['password', 'username']);
    const proto = await request(t.app)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username":"admin","password":"x","__proto__":{"admin":true}}');
    expect(proto.status).toBe(400);
    const huge = await request(t.app)
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('body_too_large');
  });
});

describe('sessions', () => {
  it('logout ends the session on the server, not only in the browser', async () => {
    const cookie = await t.login('bob');
    expect((await me({ Cookie: cookie })).status).toBe(200);
    const out = await request(t.app).post('/api/auth/logout').set('Cookie', cookie);
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']![0]).toMatch(/^legflow_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await me({ Cookie: cookie })).status).toBe(401);
    expect((await request(t.app).post('/api/auth/logout')).status).toBe(204);
  });

  it('an expired session is unauthenticated', async () => {
    const cookie = await t.login('bob');
    await t.ctx.storage.db
      .updateTable('sessions')
      .set({ expiresAt: Date.now() - 1 })
      .execute();
    const res = await me({ Cookie: cookie });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('no credential, a garbage cookie or a garbage bearer is a 401, never a 500', async () => {
    const cases: Record<string, string>[] = [
      {},
      { Cookie: 'legflow_session=garbage' },
      { Cookie: `legflow_session=${'a'.repeat(43)}` },
      { Cookie: 'legflow_session' },
      { Cookie: ';;;=;' },
      { Authorization: 'Bearer nonsense' },
      { Authorization: `Bearer lf_abcdefghij_${'A'.repeat(43)}` },
      { Authorization: 'Basic YWRtaW46YWRtaW4=' },
      { Authorization: 'Bearer' },
    ];
    for (const headers of cases) {
      const res = await me(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
    }
  });

  it('a bearer API key authenticates REST, and a wrong key does not fall back to the cookie', async () => {
    const key = await t.key('bob');
    expect((await me({ Authorization: `Bearer ${key}` })).body.user.username).toBe('bob');
    const cookie = await t.login('bob');
    expect((await me({ Authorization: `Bearer ${key}x`, Cookie: cookie })).status).toBe(401);
  });
});

describe('login throttle', () => {
  it('after 10 failures of a username from one address in a minute, it gets 429 there, even with the right password', async () => {
    const fresh = await createTestApp();
    try {
      for (let i = 0; i < 10; i++) {
        const res = await request(fresh.app)
          .post('/api/auth/login')
          .send({ username: 'admin', password: `guess-${i}` });
        expect(res.status).toBe(401);
      }
      const blocked = await request(fresh.app).post('/api/auth/login').send({ username: 'admin', password: 'admin-password-1' });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('rate_limited');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });
});
