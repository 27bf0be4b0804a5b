import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { AppContext } from '../context.ts';
import { sha256Hex, timeOrderedId } from '../ids.ts';
import { ApiError } from '../http/api-error.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { normalizeSignal } from '../../runtime/signal.ts';
import { WEBHOOK_BODY_LIMIT } from './tradingview.ts';

/** Signatures older or newer than this (seconds) are refused: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_S = 300;

/**
 * `POST /api/v1/signals` for the Python client. Headers: `X-Legflow-Key` (the key's id part, `lf_<id>`, or
 * the whole key), `X-Legflow-Timestamp` (Unix seconds) and `X-Legflow-Signature: v1=<hex>`, an HMAC-SHA256
 * over `timestamp + "." + raw body` keyed by the hex sha256 of the key's secret (what the server stores), so
 * the secret itself never travels. `Idempotency-Key` makes a retry return the first answer.
 */
export function pythonSignalRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = express.Router();
  const perMinute = ctx.env.LEGFLOW_SIGNAL_RATE_PER_MINUTE;
  const limiter = new RateLimiter(perMinute);
  const findKey = ctx.sqlite.prepare('SELECT user_id AS userId, secret_hash AS secretHash FROM api_keys WHERE id = ?');
  docs.add({ method: 'post', path: '/api/v1/signals', summary: 'Send a signal from the Python client (signed)', tag: 'signals', auth: 'signature' });

  router.post('/', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const keyHeader = req.get('x-legflow-key') ?? '';
    const keyId = /^lf_[A-Za-z0-9]{10}(_|$)/.test(keyHeader) ? keyHeader.slice(3, 13) : undefined;
    const key = keyId ? (findKey.get(keyId) as { userId: string; secretHash: string } | undefined) : undefined;
    if (!key) throw new ApiError(401, 'invalid_key', 'X-Legflow-Key is missing or names no API key.');
    const timestamp = req.get('x-legflow-timestamp') ?? '';
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!Number.isFinite(seconds)) throw new ApiError(401, 'invalid_timestamp', 'X-Legflow-Timestamp must be Unix seconds.');
    const skew = Math.round(Date.now() / 1000 - seconds);
    if (Math.abs(skew) > SIGNATURE_TOLERANCE_S) {
      throw new ApiError(401, 'stale_timestamp', `The request is signed ${Math.abs(skew)} s ${skew > 0 ? 'in the past' : 'in the future'}; check the clock (limit ±${SIGNATURE_TOLERANCE_S} s).`, { skewSeconds: skew });
    }
    if (!validSignature(req.get('x-legflow-signature') ?? '', key.secretHash, timestamp, body)) {
      throw new ApiError(401, 'invalid_signature', 'X-Legflow-Signature does not match the body and timestamp.');
    }
    if (!limiter.take(keyId!)) {
      const retryAfterSeconds = Math.ceil(60 / perMinute);
      res.set('Retry-After', String(retryAfterSeconds));
      throw new ApiError(429, 'rate_limited', `More than ${perMinute} signals a minute with this API key; slow down.`, { retryAfterSeconds });
    }
    const bodyHash = sha256Hex(body);
    const idempotencyKey = req.get('idempotency-key');
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
      throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1-255 visible ASCII characters.');
    }
    if (idempotencyKey) {
      const earlier = ctx.engine.journal.byIdempotencyKey(key.userId, idempotencyKey);
      if (earlier && earlier.bodyHash !== bodyHash) {
        throw new ApiError(409, 'idempotency_mismatch', 'This Idempotency-Key was used for a different signal.', { signalId: earlier.id });
      }
      if (earlier) {
        res.status(200).json({ signalId: earlier.id, status: earlier.status, replayed: true });
        return;
      }
    }
    const raw = parseJsonObject(body);
    const parsed = normalizeSignal(raw, { source: 'python', id: timeOrderedId('sig'), receivedAt: new Date(), rawBody: body.toString('utf8') });
    if (!parsed.ok) {
      throw new ApiError(400, 'invalid_signal', `The signal is not valid: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, {
        problems: parsed.problems,
      });
    }
    let result;
    try {
      // With an Idempotency-Key the key is the duplicate rule: two equal bodies under two keys are two signals.
      const windowMs = idempotencyKey ? 0 : ctx.env.LEGFLOW_DEDUPE_SECONDS * 1000;
      result = await ctx.engine.ingest(key.userId, parsed.signal, bodyHash, windowMs, idempotencyKey);
    } catch (err) {
      // Two retries with one Idempotency-Key in flight together: the second finds the first's row.
      const earlier = idempotencyKey ? ctx.engine.journal.byIdempotencyKey(key.userId, idempotencyKey) : undefined;
      if (!earlier) throw err;
      if (earlier.bodyHash !== bodyHash) throw new ApiError(409, 'idempotency_mismatch', 'This Idempotency-Key was used for a different signal.', { signalId: earlier.id });
      res.status(200).json({ signalId: earlier.id, status: earlier.status, replayed: true });
      return;
    }
    res.status(200).json(result.status === 'duplicate' ? { signalId: result.original, status: 'duplicate' } : result);
  });
  return router;
}

function validSignature(header: string, secretHash: string, timestamp: string, body: Buffer): boolean {
  const expected = createHmac('sha256', secretHash).update(`${timestamp}.`).update(body).digest();
  // Several v1 entries may be sent (secret rotation); any match is enough.
  return header
    .split(/[\s,]+/)
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

function parseJsonObject(body: Buffer): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalid_json', 'The signal body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_signal', 'The signal must be a JSON object such as {"channel": "...", "action": "ENTRY"}.');
  }
  return value;
}
