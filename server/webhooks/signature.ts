import { createHmac, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../ids.ts';

/** Signatures older or newer than this (seconds) are refused; within it, each is accepted once. */
export const SIGNATURE_TOLERANCE_S = 300;

/** What a v2 signature covers: a request cannot be replayed to another route, nor under another Idempotency-Key. */
export interface SignedParts {
  method: string;
  path: string;
  timestamp: string;
  /** The Idempotency-Key header as sent, or undefined when there is none. */
  idempotencyKey: string | undefined;
  body: Buffer | string;
}

/** `v2\n<METHOD>\n<path>\n<timestamp>\n<Idempotency-Key or empty>\n<hex sha256 of the body>`. */
export function canonicalRequest(parts: SignedParts): string {
  return ['v2', parts.method.toUpperCase(), parts.path, parts.timestamp, parts.idempotencyKey ?? '', sha256Hex(parts.body)].join('\n');
}

/** The hex HMAC-SHA256 of the canonical request under the key's signing key (api-keys.ts signingKeyOf). */
export function signV2(signingKey: Buffer, parts: SignedParts): string {
  return createHmac('sha256', signingKey).update(canonicalRequest(parts)).digest('hex');
}

export type SignatureCheck = { ok: true; signature: string } | { ok: false; code: 'signature_version' | 'invalid_signature' };

/**
 * Reads `X-Legflow-Signature`: one or more `v2=<hex>` (several while a client rotates keys; any match is
 * enough). A header with only `v1=` entries is the old client, told to upgrade rather than "wrong signature".
 */
export function checkSignature(header: string, signingKey: Buffer, parts: SignedParts): SignatureCheck {
  const entries = header.split(/[\s,]+/).filter(Boolean);
  const v2 = entries.filter((e) => e.startsWith('v2=')).map((e) => e.slice(3).toLowerCase());
  if (v2.length === 0 && entries.some((e) => e.startsWith('v1='))) return { ok: false, code: 'signature_version' };
  const expected = Buffer.from(signV2(signingKey, parts), 'hex');
  const match = v2.find((hex) => {
    const given = /^[0-9a-f]{64}$/.test(hex) ? Buffer.from(hex, 'hex') : Buffer.alloc(0);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, signature: match } : { ok: false, code: 'invalid_signature' };
}

/**
 * The signatures accepted while their timestamp is still within the tolerance, so a captured request sent
 * again is refused instead of run again. In memory, for one process: a restart forgets them (a replay then
 * still needs a timestamp within ±300 s). Bounded: past `capacity` live entries, `remember` answers 'full'.
 */
export class SeenSignatures {
  /** Signature → the second after which its timestamp is stale anyway. */
  private readonly expiry = new Map<string, number>();
  /** The same, grouped by that second, so forgetting needs no scan of every entry. */
  private readonly bySecond = new Map<number, string[]>();
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly capacity = 100_000,
    private readonly toleranceS = SIGNATURE_TOLERANCE_S,
  ) {}

  get size(): number {
    return this.expiry.size;
  }

  /** 'new' (and remembered), 'seen' within its window, or 'full'. `timestampS` is the signed one. */
  remember(signature: string, timestampS: number, nowMs: number): 'new' | 'seen' | 'full' {
    const nowS = Math.floor(nowMs / 1000);
    this.forgetBefore(nowS);
    if (this.expiry.has(signature)) return 'seen';
    if (this.expiry.size >= this.capacity) return 'full';
    // One second more than the route's own rounding can accept, so nothing is forgotten while still valid.
    const until = timestampS + this.toleranceS + 1;
    this.expiry.set(signature, until);
    const group = this.bySecond.get(until);
    if (group) group.push(signature);
    else this.bySecond.set(until, [signature]);
    return 'new';
  }

  private forgetBefore(nowS: number): void {
    if (nowS === this.sweptAt) return;
    this.sweptAt = nowS;
    for (const [second, signatures] of this.bySecond) {
      if (second >= nowS) continue;
      for (const s of signatures) this.expiry.delete(s);
      this.bySecond.delete(second);
    }
  }
}
