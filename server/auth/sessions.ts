import type { CookieOptions } from 'express';
import type { AppContext, AuthUser } from '../context.ts';
import { randomToken, sha256Hex } from '../ids.ts';

export const SESSION_COOKIE = 'legflow_session';
export const SESSION_TTL_MS = 7 * 86_400_000;

/** 32 random bytes as base64url: exactly 43 characters. Anything else is not one of our cookies. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Starts a session; the caller sets the returned token as the cookie. Only its hash is stored. */
export async function createSession(ctx: Pick<AppContext, 'storage'>, userId: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken(32);
  const expiresAt = now + SESSION_TTL_MS;
  // Expired rows are useless; clearing them at each login keeps the table small with no background job.
  await ctx.storage.db.deleteFrom('sessions').where('expiresAt', '<=', now).execute();
  await ctx.storage.db
    .insertInto('sessions')
    .values({ tokenHash: sha256Hex(token), userId, createdAt: now, expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The user of a live session, or undefined for a malformed, unknown or expired token. */
export async function userForSession(ctx: Pick<AppContext, 'storage'>, token: string, now = Date.now()): Promise<AuthUser | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const row = await ctx.storage.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select(['users.id', 'users.username', 'sessions.expiresAt'])
    .where('sessions.tokenHash', '=', sha256Hex(token))
    // Disabling deletes the sessions too; this keeps a disabled user out even if one were left behind.
    .where('users.disabledAt', 'is', null)
    .executeTakeFirst();
  if (!row || row.expiresAt <= now) return undefined;
  return { id: row.id, username: row.username };
}

export async function deleteSession(ctx: Pick<AppContext, 'storage'>, token: string): Promise<void> {
  if (!TOKEN_PATTERN.test(token)) return;
  await ctx.storage.db.deleteFrom('sessions').where('tokenHash', '=', sha256Hex(token)).execute();
}

/** Ends every session of the user but the one `keepToken` is (after they changed their own password). */
export async function deleteOtherSessions(ctx: Pick<AppContext, 'storage'>, userId: string, keepToken: string | undefined): Promise<void> {
  const keep = keepToken && TOKEN_PATTERN.test(keepToken) ? sha256Hex(keepToken) : '';
  await ctx.storage.db.deleteFrom('sessions').where('userId', '=', userId).where('tokenHash', '!=', keep).execute();
}

/** HttpOnly keeps scripts away from it; Lax stops cross-site POSTs from carrying it. */
export function sessionCookieOptions(secure: boolean, expiresAt?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(expiresAt === undefined ? {} : { expires: new Date(expiresAt) }) };
}

/** One cookie's value from a Cookie header, without a parser dependency (the WebSocket upgrade has no express). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  }
  return undefined;
}
