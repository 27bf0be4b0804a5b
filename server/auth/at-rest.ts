import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Storage } from '../storage/storage.ts';

/** The server key's file in the data folder, made on first start when LEGFLOW_SECRET_KEY is not set. */
export const KEY_FILE = 'secret.key';

/** A sealed value: `s1.<iv>.<ciphertext and tag>`, base64url; the version lets the format change later. */
const SEALED = /^s1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

/** A key that is not the database's, a bad key file, or a sealed value that does not open. */
export class AtRestError extends Error {}

/**
 * Secrets at rest: values the server must read back (an API key's signing key, a TradingView channel's
 * token and secret) are sealed with AES-256-GCM under the server key, and values it only compares (a bearer
 * key, a webhook token) are stored as an HMAC under it. A copy of the database without the key opens nothing
 * and forges nothing. Each sealed value names what it is (`context`, authenticated with it), so a sealed value
 * copied into another row or column does not open there.
 */
export class AtRest {
  /** Names the key without revealing it; the database remembers it to refuse a different key later. */
  readonly fingerprint: string;
  private readonly sealKey: Buffer;
  private readonly digestKey: Buffer;

  constructor(serverKey: Buffer) {
    if (serverKey.length !== 32) throw new AtRestError('the server key must be 32 bytes');
    // One key, three uses: each gets its own derived key, so no output of one helps against another.
    const derive = (use: string) => Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), `legflow at-rest ${use}`, 32));
    this.sealKey = derive('aes-256-gcm');
    this.digestKey = derive('hmac-sha256');
    this.fingerprint = derive('fingerprint').toString('hex').slice(0, 32);
  }

  /** A fresh random key: tests, and a first start. */
  static generateKey(): Buffer {
    return randomBytes(32);
  }

  seal(plain: string | Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return `s1.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** The plain bytes of a sealed value; throws AtRestError when it was sealed under another key or context. */
  open(sealed: string, context: string): Buffer {
    const match = SEALED.exec(sealed);
    if (!match) throw new AtRestError(`${context} is not a sealed value`);
    const body = Buffer.from(match[2]!, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.sealKey, Buffer.from(match[1]!, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    } catch {
      throw new AtRestError(`${context} does not open with this server key`);
    }
  }

  /** A keyed one-way digest (hex) for values the server only looks up or compares. */
  digest(purpose: string, value: string | Buffer): string {
    return createHmac('sha256', this.digestKey).update(`${purpose}\u0000`).update(value).digest('hex');
  }
}

/** 32 bytes given as 64 hex characters or as base64 / base64url; undefined for anything else. */
export function decodeServerKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return undefined;
  const key = Buffer.from(value.replace(/\+/g, '-').replace(/\//g, '_').replace(/=$/, ''), 'base64url');
  return key.length === 32 ? key : undefined;
}

export interface LoadedKey {
  key: Buffer;
  /** Where it came from, for the start-up log (never the key itself). */
  source: string;
  /** Set when the key file can be read by other users of the machine. */
  warning?: string;
}

/**
 * The server key: LEGFLOW_SECRET_KEY when set, else `<data>/secret.key`, made (mode 0600) on first start.
 * The file is written beside and linked into place, so two servers starting together end with one key.
 */
export function loadServerKey(setting: string | undefined, dataDir: string): LoadedKey {
  if (setting !== undefined) {
    const key = decodeServerKey(setting);
    if (!key) throw new AtRestError('LEGFLOW_SECRET_KEY must be 32 bytes as 64 hex characters or as base64');
    return { key, source: 'LEGFLOW_SECRET_KEY' };
  }
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, `${AtRest.generateKey().toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(draft, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(draft);
    }
  }
  const key = decodeServerKey(readFileSync(file, 'utf8'));
  if (!key) throw new AtRestError(`${file} does not hold a server key (32 bytes, base64); restore it from the backup of this data folder`);
  const open = (statSync(file).mode & 0o077) !== 0;
  return { key, source: file, ...(open ? { warning: `${file} can be read by other users: chmod 600 it` } : {}) };
}

/**
 * Ties the database to its server key: the first key seen is remembered (by fingerprint); a later start with
 * another key stops with a clear error instead of failing every webhook and signature one by one.
 */
export async function bindServerKey(storage: Pick<Storage, 'bindServerKey'>, atRest: AtRest, source: string): Promise<void> {
  if ((await storage.bindServerKey(atRest.fingerprint)) === 'differs') {
    throw new AtRestError(
      `the server key from ${source} is not the one this database's secrets were sealed with: ` +
        `restore ${KEY_FILE} (or LEGFLOW_SECRET_KEY) from the same backup as the database`,
    );
  }
}
