import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { createUser, ensureAdmin, ensureSimAccount, SIM_CAPITAL_PAISE } from './users.ts';
import { verifyPassword } from './passwords.ts';

let t: TestApp | undefined;
afterEach(async () => t?.close());

describe('users', () => {
  it('every user starts with one SIM account holding ₹10,00,000', async () => {
    t = await createTestApp();
    const accounts = await t.ctx.storage.db.selectFrom('accounts').selectAll().orderBy('userId').execute();
    expect(accounts).toHaveLength(2);
    expect(new Set(accounts.map((a) => a.userId))).toEqual(new Set([t.users.admin.id, t.users.bob.id]));
    for (const a of accounts) expect(a).toMatchObject({ mode: 'sim', capitalPaise: SIM_CAPITAL_PAISE });
    expect(await ensureSimAccount(t.ctx, t.users.bob.id)).toBe(accounts.find((a) => a.userId === t!.users.bob.id)!.id);
  });

  it('gives new SIM accounts the capital LEGFLOW_SIM_CAPITAL names, in rupees', async () => {
    t = await createTestApp({ LEGFLOW_SIM_CAPITAL: '2500000.50' });
    const accounts = await t.ctx.storage.db.selectFrom('accounts').select('capitalPaise').execute();
    expect(accounts).toEqual([{ capitalPaise: 2_500_000_50 }, { capitalPaise: 2_500_000_50 }]);
  });

  it('ensureAdmin leaves an existing admin and its password alone', async () => {
    t = await createTestApp();
    expect(await ensureAdmin(t.ctx, 'another-password')).toEqual({ created: false });
    const admin = await t.ctx.storage.db.selectFrom('users').select('passwordHash').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(await verifyPassword('admin-password-1', admin.passwordHash)).toBe(true);
  });

  it('ensureAdmin on an empty database generates a password, returned once, that signs in', async () => {
    t = await createTestApp();
    await t.ctx.storage.db.deleteFrom('auditLog').execute();
    await t.ctx.storage.db.deleteFrom('accounts').execute();
    await t.ctx.storage.db.deleteFrom('users').execute();
    const first = await ensureAdmin(t.ctx, undefined);
    expect(first.created).toBe(true);
    expect(first.password).toMatch(/^[\w-]{16}$/);
    const admin = await t.ctx.storage.db.selectFrom('users').select(['id', 'passwordHash']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(await verifyPassword(first.password!, admin.passwordHash)).toBe(true);
    expect(await t.ctx.storage.db.selectFrom('accounts').select('capitalPaise').where('userId', '=', admin.id).execute()).toEqual([
      { capitalPaise: SIM_CAPITAL_PAISE },
    ]);
    expect(await ensureAdmin(t.ctx, undefined)).toEqual({ created: false });
  });

  it('createUser refuses a taken name (case-insensitively), a bad name and a short password', async () => {
    t = await createTestApp();
    await expect(createUser(t.ctx, 'BOB', 'long-enough-1')).rejects.toMatchObject({ status: 409, code: 'username_taken' });
    await expect(createUser(t.ctx, 'no spaces', 'long-enough-1')).rejects.toMatchObject({ status: 400 });
    await expect(createUser(t.ctx, 'carol', 'short')).rejects.toMatchObject({ status: 400 });
    expect(await createUser(t.ctx, 'Carol', 'long-enough-1')).toMatchObject({ username: 'carol' });
  });
});
