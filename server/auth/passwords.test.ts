import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
  });

  it('salts every hash and names its parameters, so costs can change later', async () => {
    const [a, b] = [await hashPassword('same'), await hashPassword('same')];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(needsRehash(a)).toBe(false);
  });

  it('still verifies a hash made with older parameters and asks for a rehash', async () => {
    const current = await hashPassword('pw-12345');
    const parts = current.split('$');
    // Re-derive with a cheaper cost by hand: the format carries N, so verify must use the stored one.
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from(parts[4]!, 'base64url');
    const key = scryptSync('pw-12345', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = ['scrypt', 2 ** 14, 8, 1, parts[4], key.toString('base64url')].join('$');
    expect(await verifyPassword('pw-12345', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('never matches a malformed or absurd stored hash', async () => {
    for (const stored of ['', 'plain', 'scrypt$1$8$1$abc$def', `scrypt$${2 ** 30}$8$1$c2FsdHNhbHQ$${'a'.repeat(43)}`, 'bcrypt$x']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });

  it('a check against the dummy hash always fails', async () => {
    expect(await verifyAgainstDummy('admin-password-1')).toBe(false);
  });
});
