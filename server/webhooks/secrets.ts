import { timingSafeEqual } from 'node:crypto';
import type { AtRest } from '../auth/at-rest.ts';

/**
 * Constant-time comparison of a given secret with the expected one. Only a difference in length returns
 * early, and that tells nothing: every secret Legflow issues has the same length.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A TradingView channel's webhook token and alert secret, in clear: only ever in memory. */
export interface ChannelSecrets {
  token: string;
  secret: string;
}

/** How a channel's token is looked up: a digest under the server key, so the database holds no usable URL. */
export function channelTokenHash(atRest: AtRest, token: string): string {
  return atRest.digest('channel-token', token);
}

/** The stored form: the token's digest (its lookup key) and both values sealed to that row. */
export function sealChannelSecrets(atRest: AtRest, { token, secret }: ChannelSecrets): { tokenHash: string; sealedToken: string; sealedSecret: string } {
  const tokenHash = channelTokenHash(atRest, token);
  return { tokenHash, sealedToken: atRest.seal(token, `channels.token:${tokenHash}`), sealedSecret: atRest.seal(secret, `channels.secret:${tokenHash}`) };
}

export function openChannelToken(atRest: AtRest, row: { tokenHash: string; sealedToken: string }): string {
  return atRest.open(row.sealedToken, `channels.token:${row.tokenHash}`).toString('utf8');
}

export function openChannelSecret(atRest: AtRest, row: { tokenHash: string; sealedSecret: string }): string {
  return atRest.open(row.sealedSecret, `channels.secret:${row.tokenHash}`).toString('utf8');
}
