import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../db/sqlite-storage.ts';
import { parseEnv } from '../env.ts';
import { AtRest, AtRestError, bindServerKey, decodeServerKey, KEY_FILE, loadServerKey } from './at-rest.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'legflow-at-rest-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('AtRest', () => {
  const atRest = new AtRest(Buffer.alloc(32, 7));

  it('seals a value that opens only under the same key and context', () => {
    const sealed = atRest.seal('the secret', 'channels.secret:abc');
    expect(sealed).toMatch(/^s1\./);
    expect(sealed).not.toContain('the secret');
    expect(atRest.seal('the secret', 'channels.secret:abc')).not.toBe(sealed); // a fresh IV each time
    expect(atRest.open(sealed, 'channels.secret:abc').toString()).toBe('the secret');
    expect(() => atRest.open(sealed, 'channels.secret:xyz')).toThrow(AtRestError);
    expect(() => new AtRest(Buffer.alloc(32, 8)).open(sealed, 'channels.secret:abc')).toThrow(AtRestError);
    const flipped = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
    expect(() => atRest.open(flipped, 'channels.secret:abc')).toThrow(AtRestError);
    expect(() => atRest.open('the secret', 'channels.secret:abc')).toThrow(AtRestError);
  });

  it('digests are stable for one key and purpose, and differ across keys and purposes', () => {
    expect(atRest.digest('a', 'value')).toBe(atRest.digest('a', 'value'));
    expect(atRest.digest('b', 'value')).not.toBe(atRest.digest('a', 'value'));
    expect(new AtRest(Buffer.alloc(32, 8)).digest('a', 'value')).not.toBe(atRest.digest('a', 'value'));
    expect(atRest.fingerprint).not.toBe(new AtRest(Buffer.alloc(32, 8)).fingerprint);
  });

  it('takes only 32-byte keys', () => {
    expect(() => new AtRest(Buffer.alloc(16))).toThrow(AtRestError);
  });
});

describe('the server key', () => {
  const key = Buffer.alloc(32, 0xab);

  it('is read as 64 hex characters or base64 / base64url, and nothing else', () => {
    expect(decodeServerKey(key.toString('hex'))).toEqual(key);
    expect(decodeServerKey(` ${key.toString('base64')}\n`)).toEqual(key);
    expect(decodeServerKey(key.toString('base64url'))).toEqual(key);
    for (const bad of ['', 'short', key.toString('hex').slice(2), Buffer.alloc(31).toString('base64'), `${key.toString('base64')}x`]) {
      expect(decodeServerKey(bad), bad).toBeUndefined();
    }
  });

  it('is made once in the data folder, readable by its owner only, and read back the same', () => {
    const dir = join(tempDir(), 'data');
    const first = loadServerKey(undefined, dir);
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(first.warning).toBeUndefined();
    expect(loadServerKey(undefined, dir).key).toEqual(first.key);
  });

  it('comes from LEGFLOW_SECRET_KEY when set; a bad setting or file stops with what to do; an open file warns', () => {
    const dir = tempDir();
    expect(loadServerKey(key.toString('hex'), dir)).toEqual({ key, source: 'LEGFLOW_SECRET_KEY' });
    expect(() => loadServerKey('not a key', dir)).toThrow('LEGFLOW_SECRET_KEY must be 32 bytes');
    writeFileSync(join(dir, KEY_FILE), 'garbage\n');
    expect(() => loadServerKey(undefined, dir)).toThrow(/does not hold a server key.*restore it/);
    writeFileSync(join(dir, KEY_FILE), key.toString('base64'));
    chmodSync(join(dir, KEY_FILE), 0o644);
    expect(loadServerKey(undefined, dir).warning).toMatch(/can be read by other users: chmod 600/);
  });

  it('a malformed LEGFLOW_SECRET_KEY stops the start, named but not echoed', () => {
    const bad = 'z'.repeat(50);
    expect(() => parseEnv({ LEGFLOW_SECRET_KEY: bad })).toThrow(/LEGFLOW_SECRET_KEY: must be 32 bytes as 64 hex characters or as base64/);
    expect(() => parseEnv({ LEGFLOW_SECRET_KEY: bad })).not.toThrow(bad);
    expect(parseEnv({ LEGFLOW_SECRET_KEY: key.toString('base64') }).LEGFLOW_SECRET_KEY).toBe(key.toString('base64'));
  });

  it('binds to the database at first start and is refused there when it changes', async () => {
    const storage = await openSqliteStorage(':memory:');
    await bindServerKey(storage, new AtRest(key), 'test');
    await bindServerKey(storage, new AtRest(key), 'test');
    await expect(bindServerKey(storage, new AtRest(Buffer.alloc(32, 1)), 'the key file')).rejects.toThrow(
      /the server key from the key file is not the one this database's secrets were sealed with/,
    );
    await storage.close();
  });
});
