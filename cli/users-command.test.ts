import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../server/auth/passwords.ts';
import { createSession, userForSession } from '../server/auth/sessions.ts';
import { ensureAdmin } from '../server/auth/users.ts';
import type { AppContext } from '../server/context.ts';
import { openSqliteStorage } from '../server/db/sqlite-storage.ts';
import { parseEnv } from '../server/env.ts';
import { main } from './main.ts';
import { usersCommand } from './users-command.ts';

let data: string;
beforeEach(async () => {
  data = mkdtempSync(join(tmpdir(), 'legflow-users-'));
  // As the first start leaves it: a database with the admin.
  await withDatabase((ctx) => ensureAdmin(ctx, 'admin-password-1'));
});
afterEach(() => rmSync(data, { recursive: true, force: true }));

/** Opens the data folder's database, as the server would, for a look between commands. */
async function withDatabase<T>(f: (ctx: Pick<AppContext, 'storage' | 'env'>) => Promise<T>): Promise<T> {
  const storage = await openSqliteStorage(data, { writer: 'inline' });
  try {
    return await f({ storage, env: parseEnv({}) });
  } finally {
    await storage.close();
  }
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['users', ...argv, '--data', data], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

const passwordOf = async (username: string) =>
  withDatabase(
    async ({ storage }) =>
      (await storage.db.selectFrom('users').select('passwordHash').where('username', '=', username).executeTakeFirstOrThrow()).passwordHash,
  );

describe('legflow users', () => {
  it('adds a user with a generated password printed once, and lists everyone', async () => {
    const added = await cli('add', 'Carol');
    expect(added).toMatchObject({ code: 0, err: '' });
    const password = /Password \(shown once\): (\S+)/.exec(added.out)![1]!;
    expect(await verifyPassword(password, await passwordOf('carol'))).toBe(true);

    const list = await cli('list');
    expect(list.out).toMatch(/^admin +admin {3}active {2}\(created \d{4}-\d\d-\d\d, id u_\w+\)\ncarol +user {4}active/);
    const json = JSON.parse((await cli('list', '--json')).out) as Array<{ username: string; admin: boolean }>;
    expect(json.map((u) => [u.username, u.admin])).toEqual([
      ['admin', true],
      ['carol', false],
    ]);
    const audit = await withDatabase(({ storage }) => storage.db.selectFrom('auditLog').selectAll().where('action', '=', 'user.create').execute());
    expect(audit.at(-1)).toMatchObject({ userId: null, details: expect.stringContaining('carol') });
  });

  it('resets a lost admin password, ending its sessions; reads a chosen one from stdin', async () => {
    const token = await withDatabase(async (ctx) => {
      const admin = await ctx.storage.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
      return (await createSession(ctx, admin.id)).token;
    });
    const reset = await cli('reset-password', 'admin');
    expect(reset.code).toBe(0);
    const password = /New password \(shown once\): (\S+)/.exec(reset.out)![1]!;
    expect(await verifyPassword(password, await passwordOf('admin'))).toBe(true);
    expect(await withDatabase((ctx) => userForSession(ctx, token))).toBeUndefined();

    const io = { out: () => undefined, err: () => undefined };
    expect(await usersCommand(['reset-password', 'admin', '--password-stdin', '--data', data], io, {}, () => 'chosen-password-1\n')).toBe(0);
    expect(await verifyPassword('chosen-password-1', await passwordOf('admin'))).toBe(true);
    await expect(usersCommand(['reset-password', 'admin', '--password-stdin', '--data', data], io, {}, () => 'short\n')).rejects.toThrow(
      /password must be at least 8 characters/,
    );
  });

  it('disables and enables a user; the admin cannot be disabled', async () => {
    await cli('add', 'dave');
    const disabled = await cli('disable', 'dave');
    expect(disabled.out).toContain('Disabled dave: sessions ended, 0 API keys deleted, 0 running deployments marked stopped.');
    expect((await cli('list')).out).toMatch(/dave +user {4}disabled \d{4}-/);
    expect((await cli('enable', 'dave')).out).toContain('Enabled dave');
    expect(await cli('disable', 'admin')).toMatchObject({ code: 1, err: expect.stringContaining('"admin" cannot be disabled') });
  });

  it('says what is wrong with bad use, a missing user or a missing database, without a stack trace', async () => {
    expect(await cli('remove', 'dave')).toMatchObject({ code: 2, err: expect.stringContaining('usage: legflow users list') });
    expect(await cli('disable')).toMatchObject({ code: 2 });
    expect(await cli('disable', 'nobody')).toMatchObject({ code: 1, err: 'legflow: There is no user "nobody".\n' });
    expect(await cli('add', 'admin')).toMatchObject({ code: 1, err: expect.stringContaining('The username "admin" is taken') });
    expect(await cli('add', 'no spaces')).toMatchObject({ code: 1, err: expect.stringContaining('username') });
    const empty = mkdtempSync(join(tmpdir(), 'legflow-users-empty-'));
    let err = '';
    expect(await main(['users', 'list', '--data', empty], { out: () => undefined, err: (t) => (err += t) })).toBe(1);
    expect(err).toBe(`legflow: there is no Legflow database in ${empty}: start the server once (it creates the admin), or pass --data <dir>`);
    rmSync(empty, { recursive: true, force: true });
  });
});
