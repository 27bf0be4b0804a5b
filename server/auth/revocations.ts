import type { Logger } from 'pino';
import { Emitter } from '../../runtime/broker/emitter.ts';
import type { AuthUser } from '../context.ts';

/**
 * A credential that stopped working, with the words its connections are closed with. Requests need no such
 * news (each is authenticated anew); connections authenticated once, at their upgrade, do.
 */
export type Revocation =
  /** Everything the user signed in with: they were disabled. */
  | { kind: 'user'; userId: string; reason: string }
  /** The user's sessions, not their API keys: their password was reset. */
  | { kind: 'sessions'; userId: string; reason: string }
  /** One API key: it was deleted. */
  | { kind: 'key'; keyId: string; reason: string };

/**
 * The one place revocations are announced (routes, the admin's actions) and heard (the WebSocket hub, the
 * workers' endpoint). Per app, so two test apps in one process never hear each other. Announce after the
 * database change is committed: a listener closes what it holds, and whoever connects later is refused.
 */
export class Revocations {
  private readonly emitter: Emitter<Revocation>;

  constructor(log: Logger) {
    // A failing listener does not stop the others from closing their connections.
    this.emitter = new Emitter((err) => log.error({ err }, 'closing revoked connections failed'));
  }

  /** Returns the unsubscribe. */
  on(listener: (revocation: Revocation) => void): () => void {
    return this.emitter.on(listener);
  }

  userRevoked(userId: string, reason: string): void {
    this.emitter.emit({ kind: 'user', userId, reason });
  }

  sessionsRevoked(userId: string, reason: string): void {
    this.emitter.emit({ kind: 'sessions', userId, reason });
  }

  keyRevoked(keyId: string, reason: string): void {
    this.emitter.emit({ kind: 'key', keyId, reason });
  }
}

/** True when `revocation` ends the credential `user` was authenticated with. */
export function revokes(revocation: Revocation, user: AuthUser): boolean {
  switch (revocation.kind) {
    case 'user':
      return user.id === revocation.userId;
    case 'sessions':
      return user.id === revocation.userId && user.apiKey === undefined;
    case 'key':
      return user.apiKey?.id === revocation.keyId;
  }
}
