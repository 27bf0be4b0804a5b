import { Router } from 'express';
import { z } from 'zod';
import { needsRehash, hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { createSession, deleteSession, readCookie, SESSION_COOKIE, sessionCookieOptions } from '../auth/sessions.ts';
import { findUserByName } from '../auth/users.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

const loginBody = z.object({
  username: z.string().min(1).max(64).describe('Your username'),
  password: z.string().min(1).max(256).describe('Your password'),
});

/** Sign in and out with a session cookie; `/me` tells the editor who is signed in. */
export function authRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/auth';
  const throttle = new LoginThrottle();

  route(router, docs, mount, { method: 'post', path: '/login', summary: 'Sign in; sets the session cookie', tag: 'auth', auth: 'none', body: loginBody }, async ({ body, req, res }) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const wait = throttle.retryAfterMs(address);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new ApiError(429, 'rate_limited', `Too many failed sign-ins from this address; try again in ${Math.ceil(wait / 1000)} s.`, { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    const user = await findUserByName(ctx, body.username);
    const ok = user ? await verifyPassword(body.password, user.passwordHash) : await verifyAgainstDummy(body.password);
    if (!user || !ok) {
      throttle.recordFailure(address);
      // One message for both cases, so the reply does not say which usernames exist.
      throw new ApiError(401, 'invalid_credentials', 'The username or password is wrong.');
    }
    if (needsRehash(user.passwordHash)) {
      await ctx.db.updateTable('users').set({ passwordHash: await hashPassword(body.password) }).where('id', '=', user.id).execute();
    }
    const session = await createSession(ctx, user.id);
    await writeAudit(ctx.db, { userId: user.id, action: 'auth.login', target: user.id, details: { ip: address } });
    res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(req.secure, session.expiresAt));
    return { user: { id: user.id, username: user.username } };
  });

  route(router, docs, mount, { method: 'post', path: '/logout', summary: 'Sign out; ends the session', tag: 'auth', auth: 'none', status: 204 }, async ({ req, res }) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token) await deleteSession(ctx, token);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req.secure));
    res.status(204).end();
  });

  route(router, docs, mount, { method: 'get', path: '/me', summary: 'The signed-in user', tag: 'auth', auth: 'user' }, ({ user }) => ({ user }));

  return router;
}
