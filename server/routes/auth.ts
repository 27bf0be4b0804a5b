import type { Request, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { needsRehash, hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import { LoginThrottle, type Reservation } from '../auth/login-throttle.ts';
import { createSession, deleteOtherSessions, deleteSession, readCookie, SESSION_COOKIE, sessionCookieOptions } from '../auth/sessions.ts';
import { ADMIN_USERNAME, findUserByName, passwordSchema } from '../auth/users.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext, AuthUser } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

const loginBody = z.object({
  username: z.string().min(1).max(64).describe('Your username'),
  password: z.string().min(1).max(256).describe('Your password'),
});

const passwordBody = z.object({
  currentPassword: z.string().min(1).max(256).describe('Your password now'),
  newPassword: passwordSchema.describe('The new one: 8 to 256 characters'),
});

/** Sign in and out with a session cookie; `/me` tells the editor who is signed in; `/password` changes yours. */
export function authRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/auth';
  const throttle = new LoginThrottle();

  /** Counts the attempt before the password is hashed; refuses it when a limit is reached. */
  const reserve = (username: string, req: Request, res: Response): Extract<Reservation, { allowed: true }> => {
    const attempt = throttle.reserve(username.trim().toLowerCase(), clientAddress(req));
    if (attempt.allowed) return attempt;
    const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
    res.setHeader('Retry-After', String(seconds));
    throw new ApiError(429, 'rate_limited', `Too many failed sign-ins; try again in ${seconds} s.`, { retryAfterSeconds: seconds });
  };

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/login', summary: 'Sign in; sets the session cookie', tag: 'auth', auth: 'none', body: loginBody },
    async ({ body, req, res }) => {
      const attempt = reserve(body.username, req, res);
      const user = await findUserByName(ctx, body.username);
      const ok = user ? await verifyPassword(body.password, user.passwordHash) : await verifyAgainstDummy(body.password);
      // One message for both cases, so the reply does not say which usernames exist.
      if (!user || !ok) throw new ApiError(401, 'invalid_credentials', 'The username or password is wrong.');
      attempt.succeeded();
      // Said only to someone who knows the password, so it reveals nothing to a guesser.
      if (user.disabledAt !== null) throw new ApiError(403, 'account_disabled', 'This account is disabled; ask the administrator to enable it.');
      if (needsRehash(user.passwordHash)) {
        await ctx.storage.db
          .updateTable('users')
          .set({ passwordHash: await hashPassword(body.password) })
          .where('id', '=', user.id)
          .execute();
      }
      const session = await createSession(ctx, user.id);
      await writeAudit(ctx.storage.db, { userId: user.id, action: 'auth.login', target: user.id, details: { ip: clientAddress(req) } });
      res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(req.secure, session.expiresAt));
      return { user: shown(user) };
    },
  );

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/logout', summary: 'Sign out; ends the session', tag: 'auth', auth: 'none', status: 204 },
    async ({ req, res }) => {
      const token = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (token) await deleteSession(ctx, token);
      res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req.secure));
      res.status(204).end();
    },
  );

  route(router, docs, mount, { method: 'get', path: '/me', summary: 'The signed-in user', tag: 'auth', auth: 'user' }, ({ user }) => ({ user: shown(user) }));

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/password', summary: 'Change your password; your other sessions end', tag: 'auth', auth: 'user', body: passwordBody, status: 204 },
    async ({ body, user, req, res }) => {
      // Checking the current password is a guess like a sign-in, so it counts against the same limits.
      const attempt = reserve(user.username, req, res);
      const row = await findUserByName(ctx, user.username);
      if (!row || !(await verifyPassword(body.currentPassword, row.passwordHash))) {
        throw new ApiError(403, 'wrong_password', 'The current password is wrong; nothing was changed.');
      }
      attempt.succeeded();
      await ctx.storage.db
        .updateTable('users')
        .set({ passwordHash: await hashPassword(body.newPassword) })
        .where('id', '=', user.id)
        .execute();
      await deleteOtherSessions(ctx, user.id, readCookie(req.headers.cookie, SESSION_COOKIE));
      await writeAudit(ctx.storage.db, { userId: user.id, action: 'auth.password_change', target: user.id });
      res.status(204).end();
    },
  );

  return router;
}

/** Who is signed in, as the editor shows it: `admin` says whether to offer the Users page. */
function shown(user: AuthUser): { id: string; username: string; admin: boolean } {
  return { id: user.id, username: user.username, admin: user.username === ADMIN_USERNAME };
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
