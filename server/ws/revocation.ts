import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { revokes } from '../auth/revocations.ts';
import { readCookie, SESSION_COOKIE } from '../auth/sessions.ts';
import type { AppContext, AuthUser } from '../context.ts';
import { sha256Hex } from '../ids.ts';

/** Policy violation: how a WebSocket closes when the credential it was opened with stops working. */
export const CLOSE_REVOKED = 1008;

export interface Held {
  socket: WebSocket;
  user: AuthUser;
}

/**
 * A WebSocket is authenticated once, at its upgrade; this ends the ones a revocation names (ctx.revocations):
 * `drop` forgets a connection (and whatever it served) at once, then its socket is closed with CLOSE_REVOKED
 * and the revocation's reason. Returns the unsubscribe.
 */
export function closeWhenRevoked<T extends Held>(ctx: AppContext, held: () => Iterable<T>, drop: (connection: T) => void): () => void {
  return ctx.revocations.on((revocation) => {
    for (const connection of [...held()]) {
      if (!revokes(revocation, connection.user)) continue;
      drop(connection);
      connection.socket.close(CLOSE_REVOKED, revocation.reason);
    }
  });
}

/**
 * Why the credential of a connection whose upgrade was just answered stopped working, or undefined while it
 * works. The upgrade was authenticated before it was answered, and a revocation announced in between found
 * no connection to close; so the connection looks again, synchronously, right before it is held (from then
 * on the announcement reaches it). Disabling and a password reset delete the sessions, deleting a key its row.
 */
export async function revokedSinceUpgrade(ctx: AppContext, req: IncomingMessage, user: AuthUser, now = Date.now()): Promise<string | undefined> {
  const { credentials } = ctx.storage;
  if (user.apiKey) return (await credentials.apiKeyExists(user.apiKey.id)) ? undefined : 'API key deleted';
  // authenticate() took the session from this cookie (there was no Authorization header).
  const token = readCookie(req.headers.cookie, SESSION_COOKIE) ?? '';
  return (await credentials.sessionLive(sha256Hex(token), now)) ? undefined : 'signed out';
}
