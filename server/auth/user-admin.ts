import type { Kysely } from 'kysely';
import { writeAudit } from '../audit.ts';
import type { Database } from '../db/schema.ts';
import { ApiError } from '../http/api-error.ts';
import { parse } from '../http/parse.ts';
import { randomToken } from '../ids.ts';
import { hashPassword } from './passwords.ts';
import { ADMIN_USERNAME, passwordSchema } from './users.ts';

/**
 * The administrator's changes to other users, on the database alone: the HTTP routes and `legflow users`
 * share them. What only a running server can do (closing open WebSockets, stopping running deployments in
 * its engine) is the caller's, from what these return.
 */

/** A user as the administrator sees it: never a password hash. */
export interface UserView {
  id: string;
  username: string;
  admin: boolean;
  createdAt: number;
  disabledAt: number | null;
}

type Db = Kysely<Database>;

/** `actorId` null: the operator at the command line, who signs in as nobody. */
export type Actor = string | null;

const view = (row: { id: string; username: string; createdAt: number; disabledAt: number | null }): UserView => ({
  id: row.id,
  username: row.username,
  admin: row.username === ADMIN_USERNAME,
  createdAt: row.createdAt,
  disabledAt: row.disabledAt,
});

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.selectFrom('users').select(['id', 'username', 'createdAt', 'disabledAt']).orderBy('username').execute();
  return rows.map(view);
}

/** Whom an action names: the API by id (`u_…`), the command line by username. */
export type UserRef = { id: string } | { username: string };

/** The user `ref` names; 404 saying what was asked for. */
export async function findUser(db: Db, ref: UserRef): Promise<UserView> {
  const query = db.selectFrom('users').select(['id', 'username', 'createdAt', 'disabledAt']);
  const row = await ('id' in ref ? query.where('id', '=', ref.id) : query.where('username', '=', ref.username.trim().toLowerCase())).executeTakeFirst();
  if (!row) {
    const asked = 'id' in ref ? ref.id : ref.username;
    throw new ApiError(404, 'not_found', `There is no user ${JSON.stringify(asked)}.`, 'id' in ref ? { id: ref.id } : { username: ref.username });
  }
  return view(row);
}

/** A password to hand over once, when the administrator gives none. */
export const generatePassword = (): string => randomToken(12);

export interface DisableResult {
  user: UserView;
  /** Deployments that were running, now marked stopped. */
  stoppedDeployments: string[];
  /** Ids of the API keys deleted. */
  deletedApiKeys: string[];
}

/**
 * Disables a user: they cannot sign in, their sessions end, their API keys are deleted (a disabled
 * account's credentials are revoked, not suspended: enabling it does not bring old keys back) and their
 * running deployments are marked stopped (open positions keep their stops). The admin cannot be disabled.
 * Disabling a disabled user changes nothing.
 */
export async function disableUser(db: Db, ref: UserRef, actorId: Actor, now = Date.now()): Promise<DisableResult> {
  const user = await findUser(db, ref);
  if (user.admin) throw new ApiError(409, 'admin_cannot_be_disabled', `"${ADMIN_USERNAME}" cannot be disabled: it is the only user who can manage the others.`);
  if (user.disabledAt !== null) return { user, stoppedDeployments: [], deletedApiKeys: [] };
  const done = await db.transaction().execute(async (trx) => {
    const running = await trx.selectFrom('deployments').select('id').where('userId', '=', user.id).where('status', '=', 'running').execute();
    await trx.updateTable('users').set({ disabledAt: now }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('userId', '=', user.id).execute();
    const keys = (await trx.selectFrom('apiKeys').select('id').where('userId', '=', user.id).execute()).map((k) => k.id);
    await trx.deleteFrom('apiKeys').where('userId', '=', user.id).execute();
    await trx.updateTable('deployments').set({ status: 'stopped', updatedAt: now }).where('userId', '=', user.id).where('status', '=', 'running').execute();
    const stoppedDeployments = running.map((d) => d.id);
    await writeAudit(
      trx,
      { userId: actorId, action: 'user.disable', target: user.id, details: { username: user.username, deletedApiKeys: keys, stoppedDeployments } },
      now,
    );
    return { stoppedDeployments, deletedApiKeys: keys };
  });
  return { user: { ...user, disabledAt: now }, ...done };
}

/** Lets a disabled user sign in again (with their password; their old keys stay deleted, their deployments stopped). */
export async function enableUser(db: Db, ref: UserRef, actorId: Actor, now = Date.now()): Promise<UserView> {
  const user = await findUser(db, ref);
  if (user.disabledAt === null) return user;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ disabledAt: null }).where('id', '=', user.id).execute();
    await writeAudit(trx, { userId: actorId, action: 'user.enable', target: user.id, details: { username: user.username } }, now);
  });
  return { ...user, disabledAt: null };
}

/**
 * Sets a new password (checked like any other) and ends every session of the user, so whoever knew the old
 * one is signed out. API keys stay: they are separate credentials, deleted one by one or by disabling.
 */
export async function resetPassword(db: Db, ref: UserRef, password: string, actorId: Actor, now = Date.now()): Promise<UserView> {
  const pass = parse(passwordSchema, password, 'password');
  const user = await findUser(db, ref);
  const passwordHash = await hashPassword(pass);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ passwordHash }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('userId', '=', user.id).execute();
    await writeAudit(trx, { userId: actorId, action: 'user.password_reset', target: user.id, details: { username: user.username } }, now);
  });
  return user;
}
