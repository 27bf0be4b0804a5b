import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../ids.ts';
import { canonicalRequest, checkSignature, SeenSignatures, signV2 } from './signature.ts';

const parts = { method: 'post', path: '/api/v1/signals', timestamp: '1800000000', idempotencyKey: 'k-1', body: '{"a":1}' };
const key = Buffer.alloc(32, 3);

describe('v2 signatures', () => {
  it('cover method, path, timestamp, Idempotency-Key and the body hash, one per line', () => {
    expect(canonicalRequest(parts)).toBe(`v2\nPOST\n/api/v1/signals\n1800000000\nk-1\n${sha256Hex('{"a":1}')}`);
    expect(canonicalRequest({ ...parts, idempotencyKey: undefined })).toBe(`v2\nPOST\n/api/v1/signals\n1800000000\n\n${sha256Hex('{"a":1}')}`);
  });

  it('any listed v2 entry may match; only v1 entries are an old client; anything else is invalid', () => {
    const good = signV2(key, parts);
    expect(checkSignature(`v2=${'0'.repeat(64)}, v2=${good.toUpperCase()}`, key, parts)).toEqual({ ok: true, signature: good });
    expect(checkSignature(`v1=${good}`, key, parts)).toEqual({ ok: false, code: 'signature_version' });
    expect(checkSignature(`v2=${good}`, key, { ...parts, idempotencyKey: 'k-2' })).toEqual({ ok: false, code: 'invalid_signature' });
    expect(checkSignature('', key, parts)).toEqual({ ok: false, code: 'invalid_signature' });
  });
});

describe('SeenSignatures', () => {
  it('remembers a signature until its timestamp is stale, then forgets it', () => {
    const seen = new SeenSignatures(10, 300);
    const at = 1_800_000_000;
    expect(seen.remember('a', at, at * 1000)).toBe('new');
    expect(seen.remember('a', at, (at + 300) * 1000)).toBe('seen');
    expect(seen.remember('b', at, (at + 302) * 1000)).toBe('new');
    expect(seen.size).toBe(1); // 'a' was forgotten once stale
    expect(seen.remember('a', at, (at + 302) * 1000)).toBe('new');
  });

  it('is bounded: past its capacity it answers full until entries expire', () => {
    const seen = new SeenSignatures(2, 300);
    const at = 1_800_000_000;
    expect(['a', 'b', 'c'].map((s) => seen.remember(s, at, at * 1000))).toEqual(['new', 'new', 'full']);
    expect(seen.remember('a', at, at * 1000)).toBe('seen');
    expect(seen.remember('c', at + 400, (at + 400) * 1000)).toBe('new');
  });
});
