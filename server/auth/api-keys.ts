import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppContext, AuthUser } from '../context.ts';
import { randomId, randomToken, sha256Hex } from '../ids.ts';
import type { AtRest } from './at-rest.ts';

/** `lf_<id>_<secret>`: the id finds the row, the secret (32 bytes base64url) proves possession. */
export const KEY_PATTERN = /^lf_([0-9a-z]{10})_([A-Za-z0-9_-]{43})$/;

/** `lastUsedAt` is rewritten at most this often, so a busy Python client does not cost a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** `signals`: send signed signals and run a worker; `read`: GET routes and the event stream; `manage`: everything else. */
export const API_KEY_SCOPES = ['signals', 'read', 'manage'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
/** A new key without `scopes`, and every key made before scopes existed: it can send and read, not change. */
export const DEFAULT_SCOPES: readonly ApiKeyScope[] = ['signals', 'read'];

/** What the client mixes into its signing key, so a signing key is never the stored hash of anything. */
export const SIGNING_LABEL = 'legflow-signing-v2';

export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  createdAt: number;
  lastUsedAt: number | null;
}

/**
 * The key the client signs signals with: HMAC-SHA256 keyed by the hex SHA-256 of the secret part, over
 * SIGNING_LABEL. Keys made before it existed stored only that hash, so migration 0009 derives theirs too.
 */
export function signingKeyOf(secretHashHex: string): Buffer {
  return createHmac('sha256', secretHashHex).update(SIGNING_LABEL).digest();
}

const signingContext = (keyId: string) => `api_keys.signing_key:${keyId}`;

/**
 * What the database keeps of a key: a digest under the server key for bearer use (from which no signing
 * key follows) and the signing key sealed under the server key.
 */
export function storedKeyMaterial(atRest: AtRest, keyId: string, secretHashHex: string): { bearerHash: string; signingKey: string } {
  return { bearerHash: atRest.digest('api-key-bearer', secretHashHex), signingKey: atRest.seal(signingKeyOf(secretHashHex), signingContext(keyId)) };
}

export function openSigningKey(atRest: AtRest, keyId: string, sealed: string): Buffer {
  return atRest.open(sealed, signingContext(keyId));
}

/** Scopes as stored (space-separated); an unknown word grants nothing. */
export function parseScopes(stored: string): ApiKeyScope[] {
  return API_KEY_SCOPES.filter((scope) => stored.split(' ').includes(scope));
}

/** Creates a key; the returned `key` is the only time the secret exists anywhere. */
export async function createApiKey(
  ctx: AppContext,
  userId: string,
  name: string,
  scopes: readonly ApiKeyScope[] = DEFAULT_SCOPES,
  now = Date.now(),
): Promise<ApiKeyInfo & { key: string }> {
  const id = randomId(10);
  const secret = randomToken(32);
  const ordered = API_KEY_SCOPES.filter((s) => scopes.includes(s));
  const material = storedKeyMaterial(ctx.atRest, id, sha256Hex(secret));
  await ctx.storage.db
    .insertInto('apiKeys')
    .values({ id, userId, name, scopes: ordered.join(' '), ...material, createdAt: now, lastUsedAt: null })
    .execute();
  return { id, name, scopes: ordered, key: `lf_${id}_${secret}`, createdAt: now, lastUsedAt: null };
}

export async function listApiKeys(ctx: AppContext, userId: string): Promise<ApiKeyInfo[]> {
  const rows = await ctx.storage.db
    .selectFrom('apiKeys')
    .select(['id', 'name', 'scopes', 'createdAt', 'lastUsedAt'])
    .where('userId', '=', userId)
    .orderBy('createdAt', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map((row) => ({ ...row, scopes: parseScopes(row.scopes) }));
}

/**
 * False when the key does not exist or belongs to someone else: both look the same to the caller. Closing
 * the WebSockets opened with it is the caller's (ctx.revocations.keyRevoked).
 */
export async function deleteApiKey(ctx: AppContext, userId: string, id: string): Promise<boolean> {
  const result = await ctx.storage.db.deleteFrom('apiKeys').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The owner of a key (with the key's id and scopes), or undefined for a malformed, unknown or deleted key. */
export async function userForApiKey(ctx: AppContext, key: string, now = Date.now()): Promise<AuthUser | undefined> {
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  const keyId = match[1]!;
  const row = await ctx.storage.db
    .selectFrom('apiKeys')
    .innerJoin('users', 'users.id', 'apiKeys.userId')
    .select(['users.id as userId', 'users.username', 'apiKeys.bearerHash', 'apiKeys.scopes', 'apiKeys.lastUsedAt'])
    .where('apiKeys.id', '=', keyId)
    .executeTakeFirst();
  if (!row) return undefined;
  const given = Buffer.from(ctx.atRest.digest('api-key-bearer', sha256Hex(match[2]!)), 'hex');
  const stored = Buffer.from(row.bearerHash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return undefined;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
    await ctx.storage.db.updateTable('apiKeys').set({ lastUsedAt: now }).where('id', '=', keyId).execute();
  }
  return { id: row.userId, username: row.username, apiKey: { id: keyId, scopes: parseScopes(row.scopes) } };
}
