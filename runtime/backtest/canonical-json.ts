import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';

/** The SHA-256 of a value's canonical JSON, in hex: what a backtest records of its graph and its signals. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
