import { timingSafeEqual } from 'node:crypto';
import type { AppContext, AuthUser } from '../context.ts';
import { randomId, randomToken, sha256Hex } from '../ids.ts';

/** `lf_<id>_<secret>`: the id finds the row, the secret (32 bytes base64url) proves possession. */
const KEY_PATTERN = /^lf_([0-9a-z]{10})_([A-Za-z0-9_-]{43})$/;

/** `lastUsedAt` is rewritten at most this often, so a busy Python client does not cost a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiKeyInfo {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** Creates a key; the returned `key` is the only time the secret exists outside its hash. */
export async function createApiKey(ctx: AppContext, userId: string, name: string, now = Date.now()): Promise<ApiKeyInfo & { key: string }> {
  const id = randomId(10);
  const secret = randomToken(32);
  await ctx.db.insertInto('apiKeys').values({ id, userId, name, secretHash: sha256Hex(secret), createdAt: now, lastUsedAt: null }).execute();
  return { id, name, key: `lf_${id}_${secret}`, createdAt: now, lastUsedAt: null };
}

export async function listApiKeys(ctx: AppContext, userId: string): Promise<ApiKeyInfo[]> {
  return ctx.db
    .selectFrom('apiKeys')
    .select(['id', 'name', 'createdAt', 'lastUsedAt'])
    .where('userId', '=', userId)
    .orderBy('createdAt', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

/** False when the key does not exist or belongs to someone else: both look the same to the caller. */
export async function deleteApiKey(ctx: AppContext, userId: string, id: string): Promise<boolean> {
  const result = await ctx.db.deleteFrom('apiKeys').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The owner of a key, or undefined for a malformed, unknown or deleted key. */
export async function userForApiKey(ctx: AppContext, key: string, now = Date.now()): Promise<AuthUser | undefined> {
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  const row = await ctx.db
    .selectFrom('apiKeys')
    .innerJoin('users', 'users.id', 'apiKeys.userId')
    .select(['users.id as userId', 'users.username', 'apiKeys.secretHash', 'apiKeys.lastUsedAt'])
    .where('apiKeys.id', '=', match[1]!)
    .executeTakeFirst();
  if (!row) return undefined;
  const given = Buffer.from(sha256Hex(match[2]!), 'hex');
  const stored = Buffer.from(row.secretHash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return undefined;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
    await ctx.db.updateTable('apiKeys').set({ lastUsedAt: now }).where('id', '=', match[1]!).execute();
  }
  return { id: row.userId, username: row.username };
}
