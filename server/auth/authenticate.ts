import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { AppContext, AuthUser } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { userForApiKey, type ApiKeyScope } from './api-keys.ts';
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

/** What a route needs of an API key when it does not say: reading for GET, `manage` for every change. */
export function scopeForMethod(method: string): ApiKeyScope {
  return method.toLowerCase() === 'get' ? 'read' : 'manage';
}

/** True for a signed-in session (it may do everything) and for a key that holds the scope. */
export function hasScope(user: AuthUser, scope: ApiKeyScope): boolean {
  return !user.apiKey || user.apiKey.scopes.includes(scope);
}

/** 403 `insufficient_scope`: what the key lacks, what it has, and how to get a key that may. */
export function insufficientScope(required: ApiKeyScope, held: readonly ApiKeyScope[]): ApiError {
  return new ApiError(
    403,
    'insufficient_scope',
    `This API key cannot do this: it needs the scope "${required}" (it has: ${held.join(', ') || 'none'}). Create a key with that scope (POST /api/keys {"name", "scopes"}) while signed in.`,
    { required, scopes: held },
  );
}

/** Throws 403 `insufficient_scope` when an API key lacks the scope. */
export function requireScope(user: AuthUser, scope: ApiKeyScope): void {
  if (!hasScope(user, scope)) throw insufficientScope(scope, user.apiKey?.scopes ?? []);
}
