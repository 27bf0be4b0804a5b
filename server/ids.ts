import { createHash, randomBytes, randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Random lower-case letters and digits; `randomInt` is unbiased, so every id is equally likely. */
export function randomId(length = 16): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** `g_3k9…`: a prefix says what the id names when it shows up in a log or a URL. */
export function newId(prefix: string, length = 16): string {
  return `${prefix}_${randomId(length)}`;
}

/**
 * `sig_0mwum1259k3h8zt1w`: creation time (ms, base 36, fixed width) then 8 random characters. Ids that
 * sort by time are appended to their table's and indexes' last pages; random ids land on a different page
 * each, which made every journal commit write several times as many pages (measured: a third more SQLite
 * time per alert at 36,000 signals, growing with the table).
 */
export function timeOrderedId(prefix: string, now = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(9, '0')}${randomId(8)}`;
}

/** A bearer secret (session cookie, API key): `bytes` of randomness as base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** How secrets are stored: a leaked database holds no usable session or key. */
export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
