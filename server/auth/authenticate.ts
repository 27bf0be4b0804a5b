import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { AppContext, AuthUser } from '../context.ts';
import { userForApiKey } from './api-keys.ts';
import { readCookie, SESSION_COOKIE, userForSession } from './sessions.ts';

/**
 * Who a request acts for: `Authorization: Bearer <api key>` or the session cookie. Works on an express
 * request and on a raw upgrade request (the WebSocket). Any bad credential is simply "nobody".
 * When an Authorization header is present it alone decides, so a wrong key never falls back to a cookie.
 */
export async function authenticate(ctx: AppContext, req: IncomingMessage): Promise<AuthUser | undefined> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer +(\S+)\s*$/i.exec(header);
    return match ? userForApiKey(ctx, match[1]!) : undefined;
  }
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  return token ? userForSession(ctx, token) : undefined;
}

/** Sets `res.locals.user` when the request is authenticated; routes declared with auth 'user' refuse the rest. */
export function userMiddleware(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    const user = await authenticate(ctx, req);
    if (user) res.locals.user = user;
    next();
  };
}
