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

/** A bearer secret (session cookie, API key): `bytes` of randomness as base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** How secrets are stored: a leaked database holds no usable session or key. */
export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
