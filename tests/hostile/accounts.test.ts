import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as passwords from '../../server/auth/passwords.ts';
import { createTestApp, PASSWORDS, type TestApp } from '../../server/testing/app.ts';
import { deployTemplate } from '../../server/testing/trading.ts';
import { expectError } from './expect-error.ts';

// Every password check, counted: the throttle must refuse before hashing, not after.
vi.mock('../../server/auth/passwords.ts', async (importOriginal) => {
  const real = await importOriginal<typeof passwords>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword), verifyAgainstDummy: vi.fn(real.verifyAgainstDummy) };
});
const checks = () => vi.mocked(passwords.verifyPassword).mock.calls.length + vi.mocked(passwords.verifyAgainstDummy).mock.calls.length;

/** The shape every refusal has, with its status. */

const loginFrom = (t: TestApp, address: string, username: string, password: string) =>
  request(t.app).post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });

describe('password guessing', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Only Date is faked, so the throttle's windows move when the test says, never with the machine's speed.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T04:30:00Z') });
    t = await createTestApp({ LEGFLOW_TRUSTED_PROXIES: '1' });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t.close();
  });

  it('60 concurrent guesses: at most 10 are checked, the rest get 429 with Retry-After; nobody else is locked out', async () => {
    const before = checks();
    const guesses = await Promise.all(Array.from({ length: 60 }, (_, i) => loginFrom(t, '198.51.100.7', 'admin', `guess-${i}`)));
    expect(checks() - before).toBe(10);
    const refused = guesses.filter((r) => r.status === 429);
    expect(guesses.filter((r) => r.status === 401)).toHaveLength(10);
    expect(refused).toHaveLength(50);
    for (const r of refused) {
      expectError(r, 429, 'rate_limited');
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(r.body.error.details.retryAfterSeconds).toBe(Number(r.headers['retry-after']));
    }

    // The guesser's address stays slowed on that account, even with the right password…
    expectError(await loginFrom(t, '198.51.100.7', 'admin', PASSWORDS.admin), 429, 'rate_limited');
    // …but the admin at their own address signs in, and so does another user behind the guesser's address.
    const admin = await loginFrom(t, '203.0.113.20', 'ADMIN', PASSWORDS.admin);
    expect(admin.status).toBe(200);
    expect((await loginFrom(t, '198.51.100.7', 'bob', PASSWORDS.bob)).status).toBe(200);
    const cookie = admin.headers['set-cookie']![0]!.split(';')[0]!;
    expect((await request(t.app).get('/api/auth/me').set('Cookie', cookie)).body.user.username).toBe('admin');

    // Once the window has passed, the guesser's address may try again.
    vi.setSystemTime(Date.now() + 61_000);
    expect((await loginFrom(t, '198.51.100.7', 'admin', PASSWORDS.admin)).status).toBe(200);
  });

  it('unknown usernames are throttled the same way, so a 429 does not tell which names exist', async () => {
    const before = checks();
    const guesses = await Promise.all(Array.from({ length: 15 }, () => loginFrom(t, '198.51.100.8', 'nobody-here', 'whatever-1')));
    expect(checks() - before).toBe(10);
    expect(guesses.map((r) => r.status).sort()).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
  });

  it('changing your password checks the current one under the same limits', async () => {
    const cookie = (await loginFrom(t, '198.51.100.9', 'bob', PASSWORDS.bob)).headers['set-cookie']![0]!.split(';')[0]!;
    const change = (currentPassword: string) =>
      request(t.app)
        .post('/api/auth/password')
        .set('X-Forwarded-For', '198.51.100.9')
        .set('Cookie', cookie)
        .send({ currentPassword, newPassword: 'bob-password-2' });
    const tries = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`wrong-${i}`)));
    expect(tries.filter((r) => r.status === 403).every((r) => r.body.error.code === 'wrong_password')).toBe(true);
    expect(tries.filter((r) => r.status === 429)).toHaveLength(2);
    expectError(await change(PASSWORDS.bob), 429, 'rate_limited');
    expect((await request(t.app).get('/api/auth/me').set('Cookie', cookie)).status).toBe(200);
  });
});

describe('user management', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(async () => t.close());
  afterEach(() => vi.clearAllMocks());

  const asAdmin = (method: 'get' | 'post', path: string) => request(t.app)[method](path).set('Cookie', admin);
  const audit = (action: string) => t.ctx.storage.db.selectFrom('auditLog').selectAll().where('action', '=', action).execute();

  it('only the admin may list or change users: 401 for strangers, 403 for other users', async () => {
    const bob = await t.login('bob');
    const bobKey = await t.key('bob');
    expect((await request(t.app).get('/api/auth/me').set('Cookie', bob)).body).toEqual({ user: { id: t.users.bob.id, username: 'bob', admin: false } });
    expectError(await request(t.app).get('/api/users'), 401, 'unauthenticated');
    expectError(await request(t.app).get('/api/users').set('Cookie', bob), 403, 'forbidden');
    expectError(await request(t.app).post('/api/users').set('Authorization', `Bearer ${bobKey}`).send({ username: 'eve' }), 403, 'forbidden');
    expectError(await request(t.app).post(`/api/users/${t.users.admin.id}/password`).set('Cookie', bob).send({ password: 'taken-over-1' }), 403, 'forbidden');
    expectError(await request(t.app).post(`/api/users/${t.users.bob.id}/disable`).set('Cookie', bob), 403, 'forbidden');
    expect((await t.ctx.storage.db.selectFrom('users').select('username').execute()).map((u) => u.username).sort()).toEqual(['admin', 'bob']);
    const listed = await asAdmin('get', '/api/users');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { id: t.users.admin.id, username: 'admin', admin: true, createdAt: expect.any(Number), disabledAt: null },
      { id: t.users.bob.id, username: 'bob', admin: false, createdAt: expect.any(Number), disabledAt: null },
    ]);
    expect(JSON.stringify(listed.body)).not.toMatch(/scrypt|passwordHash/);
  });

  it('refuses bad bodies and unknown users with a 4xx in the error shape, and keeps answering', async () => {
    const bad: unknown[] = [
      {},
      { username: 'x' },
      { username: 'has space' },
      { username: 'a'.repeat(300) },
      { username: 42 },
      { username: 'carol', password: 'short' },
      { username: 'carol', password: 'p'.repeat(300) },
      [],
    ];
    for (const body of bad) expectError(await asAdmin('post', '/api/users').send(body as object), 400, 'invalid_request');
    const proto = await asAdmin('post', '/api/users').set('Content-Type', 'application/json').send('{"username":"carol","__proto__":{"admin":true}}');
    expect(proto.status).toBe(400);
    expectError(await asAdmin('post', '/api/users').send({ username: 'BOB' }), 409, 'username_taken');
    for (const path of ['/api/users/u_nobody/disable', '/api/users/u_nobody/enable', `/api/users/${'x'.repeat(2000)}/password`]) {
      expectError(await asAdmin('post', path).send({}), 404, 'not_found');
    }
    expectError(await asAdmin('post', `/api/users/${t.users.bob.id}/password`).send({ password: 7 }), 400, 'invalid_request');
    expectError(await asAdmin('post', `/api/users/${t.users.admin.id}/disable`), 409, 'admin_cannot_be_disabled');
    expect((await asAdmin('get', '/api/auth/me')).status).toBe(200);
  });

  it('creates a user with a password generated and shown once, who signs in with it; audited as the admin’s', async () => {
    const res = await asAdmin('post', '/api/users').send({ username: 'Carol' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      user: { id: expect.stringMatching(/^u_/), username: 'carol', admin: false, createdAt: expect.any(Number), disabledAt: null },
      password: expect.stringMatching(/^[\w-]{16}$/),
    });
    const login = await request(t.app).post('/api/auth/login').send({ username: 'carol', password: res.body.password });
    expect(login.status).toBe(200);
    expect(await audit('user.create')).toContainEqual(expect.objectContaining({ userId: t.users.admin.id, target: res.body.user.id }));
    const chosen = await asAdmin('post', '/api/users').send({ username: 'dave', password: 'dave-password-1' });
    expect(chosen.status).toBe(201);
    expect(chosen.body.password).toBeUndefined();
  });

  it('disabling stops sessions, API keys and running deployments at once; the right password then gets 403; enabling lets them back in', async () => {
    const deployed = await deployTemplate(t, 'bob');
    const bob = await t.login('bob');
    const key = await t.key('bob');
    expect(t.ctx.engine.isRunning(deployed.deploymentId)).toBe(true);

    const res = await asAdmin('post', `/api/users/${t.users.bob.id}/disable`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: expect.objectContaining({ username: 'bob', disabledAt: expect.any(Number) }),
      stoppedDeployments: [deployed.deploymentId],
    });
    expectError(await request(t.app).get('/api/auth/me').set('Cookie', bob), 401, 'unauthenticated');
    expectError(await request(t.app).get('/api/graphs').set('Authorization', `Bearer ${key}`), 401, 'unauthenticated');
    expect(t.ctx.engine.isRunning(deployed.deploymentId)).toBe(false);
    // A TradingView alert on the disabled user's channel places nothing.
    const alert = await request(t.app).post(deployed.hookPath).send({ secret: deployed.secret, action: 'ENTRY' });
    expect(alert.body.status).toBe('ignored');
    expectError(await request(t.app).post('/api/auth/login').send({ username: 'bob', password: PASSWORDS.bob }), 403, 'account_disabled');
    // A wrong password is the same 401 as for anyone, so disabling reveals nothing to a guesser.
    expectError(await request(t.app).post('/api/auth/login').send({ username: 'bob', password: 'not-it-at-all' }), 401, 'invalid_credentials');
    expect((await audit('user.disable')).at(-1)).toMatchObject({ userId: t.users.admin.id, target: t.users.bob.id });
    // Disabling again changes nothing.
    expect((await asAdmin('post', `/api/users/${t.users.bob.id}/disable`)).body.stoppedDeployments).toEqual([]);

    const enabled = await asAdmin('post', `/api/users/${t.users.bob.id}/enable`);
    expect(enabled.body).toEqual({ user: expect.objectContaining({ username: 'bob', disabledAt: null }) });
    expect((await request(t.app).post('/api/auth/login').send({ username: 'bob', password: PASSWORDS.bob })).status).toBe(200);
    // The old key was revoked, not suspended.
    expectError(await request(t.app).get('/api/graphs').set('Authorization', `Bearer ${key}`), 401, 'unauthenticated');
    expect((await audit('user.enable')).at(-1)).toMatchObject({ userId: t.users.admin.id, target: t.users.bob.id });
  });

  it('resetting a password ends the user’s sessions; the old password stops working, the new one works', async () => {
    const bob = await t.login('bob');
    const res = await asAdmin('post', `/api/users/${t.users.bob.id}/password`).send({});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: expect.objectContaining({ username: 'bob' }), password: expect.stringMatching(/^[\w-]{16}$/) });
    expectError(await request(t.app).get('/api/auth/me').set('Cookie', bob), 401, 'unauthenticated');
    expectError(await request(t.app).post('/api/auth/login').send({ username: 'bob', password: PASSWORDS.bob }), 401, 'invalid_credentials');
    expect((await request(t.app).post('/api/auth/login').send({ username: 'bob', password: res.body.password })).status).toBe(200);
    const chosen = await asAdmin('post', `/api/users/${t.users.bob.id}/password`).send({ password: PASSWORDS.bob });
    expect(chosen.body.password).toBeUndefined();
    expect((await t.login('bob')).length).toBeGreaterThan(0);
    expect(await audit('user.password_reset')).toHaveLength(2);
  });
});
