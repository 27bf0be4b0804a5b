import { z } from 'zod';
import { DEFAULT_SIM_CAPITAL } from '../../runtime/broker/sim-broker.ts';
import { toPaise } from '../../runtime/money.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext, AuthUser } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { parse } from '../http/parse.ts';
import { newId, randomToken } from '../ids.ts';
import { hashPassword } from './passwords.ts';

export const ADMIN_USERNAME = 'admin';

/** A new SIM account's virtual capital by default (₹10,00,000), in paise; `LEGFLOW_SIM_CAPITAL` sets another. */
export const SIM_CAPITAL_PAISE = toPaise(DEFAULT_SIM_CAPITAL);

/** Usernames are compared lower-cased, so "Bob" and "bob" are one user. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'must be 2-32 letters, digits, ".", "_" or "-", starting with a letter or digit');

export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters');

/** What user records need: the database, and the settings a new SIM account takes (the CLI has no engine). */
export type UserStore = Pick<AppContext, 'storage' | 'env'>;

/**
 * Creates a user with a SIM account; 409 when the name is taken. `actorId` is who created it (the admin),
 * for the audit log; without one the user is recorded as creating itself (the first start's admin).
 */
export async function createUser(ctx: UserStore, username: string, password: string, actorId?: string | null): Promise<AuthUser> {
  const name = parse(usernameSchema, username, 'username');
  const pass = parse(passwordSchema, password, 'password');
  const passwordHash = await hashPassword(pass);
  const user: AuthUser = { id: newId('u'), username: name };
  await ctx.storage.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', name).executeTakeFirst();
    if (taken) throw new ApiError(409, 'username_taken', `The username "${name}" is taken; pick another.`, { username: name });
    await trx.insertInto('users').values({ id: user.id, username: name, passwordHash, createdAt: Date.now() }).execute();
    await writeAudit(trx, { userId: actorId === undefined ? user.id : actorId, action: 'user.create', target: user.id, details: { username: name } });
  });
  await ensureSimAccount(ctx, user.id);
  return user;
}

/**
 * First start: creates `admin` with the given password, or a generated one that is returned (and printed)
 * once. An existing admin is left as is, so changing LEGFLOW_ADMIN_PASSWORD later resets nothing.
 */
export async function ensureAdmin(ctx: UserStore, password: string | undefined): Promise<{ created: boolean; password?: string }> {
  const existing = await findUserByName(ctx, ADMIN_USERNAME);
  if (existing) {
    await ensureSimAccount(ctx, existing.id);
    return { created: false };
  }
  const generated = password === undefined ? randomToken(12) : undefined;
  await createUser(ctx, ADMIN_USERNAME, password ?? generated!);
  return generated === undefined ? { created: true } : { created: true, password: generated };
}

/** Every user trades paper money from the start: one SIM account each. Returns its id. */
export async function ensureSimAccount(ctx: UserStore, userId: string): Promise<string> {
  return ctx.storage.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('accounts').select('id').where('userId', '=', userId).where('mode', '=', 'sim').executeTakeFirst();
    if (existing) return existing.id;
    const id = newId('sim', 12);
    await trx
      .insertInto('accounts')
      .values({ id, userId, name: 'SIM', mode: 'sim', capitalPaise: toPaise(ctx.env.LEGFLOW_SIM_CAPITAL), createdAt: Date.now() })
      .execute();
    return id;
  });
}

export async function findUserByName(
  ctx: Pick<AppContext, 'storage'>,
  username: string,
): Promise<(AuthUser & { passwordHash: string; disabledAt: number | null }) | undefined> {
  return ctx.storage.db
    .selectFrom('users')
    .select(['id', 'username', 'passwordHash', 'disabledAt'])
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
}
