import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { authenticate } from './authenticate.ts';
import { readCookie } from './sessions.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** A bare node request, as the WebSocket upgrade hands it over: no express, no parsed cookies. */
function upgradeRequest(headers: Record<string, string>): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return req;
}

describe('authenticate on a raw request', () => {
  it('accepts the session cookie and an API key, which carries its id and scopes', async () => {
    const cookie = await t.login('bob');
    expect(await authenticate(t.ctx, upgradeRequest({ cookie: `theme=dark; ${cookie}; other=1` }))).toEqual(t.users.bob);
    const key = await t.key('admin', ['read']);
    expect(await authenticate(t.ctx, upgradeRequest({ authorization: `bearer ${key}` }))).toEqual({
      ...t.users.admin,
      apiKey: { id: key.slice(3, 13), scopes: ['read'] },
    });
  });

  it('records when a key was last used', async () => {
    const key = await t.key('bob');
    const id = key.slice(3, 13);
    const before = Date.now();
    await authenticate(t.ctx, upgradeRequest({ authorization: `Bearer ${key}` }));
    const row = await t.ctx.storage.db.selectFrom('apiKeys').select('lastUsedAt').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.lastUsedAt).toBeGreaterThanOrEqual(before);
  });

  it('is undefined for anything else', async () => {
    expect(await authenticate(t.ctx, upgradeRequest({}))).toBeUndefined();
    expect(await authenticate(t.ctx, upgradeRequest({ cookie: 'legflow_session=%%%' }))).toBeUndefined();
    expect(await authenticate(t.ctx, upgradeRequest({ authorization: 'Bearer lf_x' }))).toBeUndefined();
  });
});

describe('readCookie', () => {
  it('finds one cookie among many, quoted or not', () => {
    expect(readCookie('a=1; legflow_session=abc; b=2', 'legflow_session')).toBe('abc');
    expect(readCookie('legflow_session="abc"', 'legflow_session')).toBe('abc');
    expect(readCookie('xlegflow_session=abc', 'legflow_session')).toBeUndefined();
    expect(readCookie(undefined, 'legflow_session')).toBeUndefined();
  });
});
