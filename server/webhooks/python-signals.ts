import express, { type Router } from 'express';
import { openSigningKey, parseScopes } from '../auth/api-keys.ts';
import { insufficientScope } from '../auth/authenticate.ts';
import type { AppContext } from '../context.ts';
import { sha256Hex, timeOrderedId } from '../ids.ts';
import { ApiError, invalidSignal } from '../http/api-error.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { readJson } from '../http/read-json.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { normalizeSignal } from '../../runtime/signal.ts';
import { checkSignature, SeenSignatures, SIGNATURE_TOLERANCE_S } from './signature.ts';
import { acceptAnswer, WEBHOOK_BODY_LIMIT } from './tradingview.ts';

/**
 * `POST /api/v1/signals` for the Python client. Headers: `X-Legflow-Key` (the key's id part, `lf_<id>`, or
 * the whole key), `X-Legflow-Timestamp` (Unix seconds) and `X-Legflow-Signature: v2=<hex>`, an HMAC-SHA256
 * over method, path, timestamp, Idempotency-Key and the body's hash (signature.ts) under the key's signing
 * key, so the secret itself never travels. The key needs the `signals` scope. `Idempotency-Key` makes a
 * retry return the first answer; without one, a signature is accepted once. `now` is the clock of the
 * timestamp check, the rate limiter and the replay memory.
 */
export function pythonSignalRoutes(ctx: AppContext, docs: OpenApiRegistry, now: () => number = Date.now): Router {
  const router = express.Router();
  const perMinute = ctx.env.LEGFLOW_SIGNAL_RATE_PER_MINUTE;
  const limiter = new RateLimiter(perMinute, now);
  const seen = new SeenSignatures();
  const signingKey = (keyId: string, sealed: string): Buffer => {
    try {
      return openSigningKey(ctx.atRest, keyId, sealed);
    } catch (err) {
      // Only a row altered outside Legflow gets here (a wrong server key stops the start): the key is unusable.
      ctx.log.error({ err, keyId }, 'an API key signing key does not open');
      throw new ApiError(401, 'invalid_key', 'This API key cannot be used; create a new one.');
    }
  };
  docs.add({ method: 'post', path: '/api/v1/signals', summary: 'Send a signal from the Python client (signed)', tag: 'signals', auth: 'signature' });

  router.post('/', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const keyHeader = req.get('x-legflow-key') ?? '';
    const keyId = /^lf_[A-Za-z0-9]{10}(_|$)/.test(keyHeader) ? keyHeader.slice(3, 13) : undefined;
    const key = keyId ? await ctx.storage.credentials.signingKey(keyId) : undefined;
    if (!key) throw new ApiError(401, 'invalid_key', 'X-Legflow-Key is missing or names no API key.');
    const timestamp = req.get('x-legflow-timestamp') ?? '';
    const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!Number.isFinite(seconds)) throw new ApiError(401, 'invalid_timestamp', 'X-Legflow-Timestamp must be Unix seconds.');
    const skew = Math.round(now() / 1000 - seconds);
    if (Math.abs(skew) > SIGNATURE_TOLERANCE_S) {
      throw new ApiError(
        401,
        'stale_timestamp',
        `The request is signed ${Math.abs(skew)} s ${skew > 0 ? 'in the past' : 'in the future'}; check the clock (limit ±${SIGNATURE_TOLERANCE_S} s).`,
        { skewSeconds: skew },
      );
    }
    const idempotencyKey = req.get('idempotency-key');
    const signed = { method: req.method, path: req.baseUrl + (req.path === '/' ? '' : req.path), timestamp, idempotencyKey, body };
    const check = checkSignature(req.get('x-legflow-signature') ?? '', signingKey(keyId!, key.signingKey), signed);
    if (!check.ok && check.code === 'signature_version') {
      throw new ApiError(
        401,
        'signature_version',
        'X-Legflow-Signature v1 is no longer accepted (it did not cover the Idempotency-Key): upgrade the legflow Python package, or sign v2 as docs/python.md describes.',
      );
    }
    if (!check.ok) {
      throw new ApiError(401, 'invalid_signature', 'X-Legflow-Signature does not match the method, path, timestamp, Idempotency-Key and body (v2).');
    }
    const scopes = parseScopes(key.scopes);
    if (!scopes.includes('signals')) throw insufficientScope('signals', scopes);
    if (!limiter.take(keyId!)) {
      const retryAfterSeconds = Math.ceil(60 / perMinute);
      res.set('Retry-After', String(retryAfterSeconds));
      throw new ApiError(429, 'rate_limited', `More than ${perMinute} signals a minute with this API key; slow down.`, { retryAfterSeconds });
    }
    const bodyHash = sha256Hex(body);
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)) {
      throw new ApiError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1-255 visible ASCII characters.');
    }
    if (idempotencyKey) {
      const earlier = await ctx.engine.journal.byIdempotencyKey(key.userId, idempotencyKey);
      if (earlier && earlier.bodyHash !== bodyHash) {
        throw new ApiError(409, 'idempotency_mismatch', 'This Idempotency-Key was used for a different signal.', { signalId: earlier.id });
      }
      if (earlier) {
        res.status(200).json({ signalId: earlier.id, status: earlier.status, replayed: true });
        return;
      }
    } else {
      // With an Idempotency-Key the journal answers a resend with the first answer; without one, the
      // signature itself must not be accepted twice.
      const memory = seen.remember(check.signature, seconds, now());
      if (memory === 'seen') {
        throw new ApiError(
          401,
          'replayed_signature',
          'This signed request was already received; sign each new signal afresh, and send an Idempotency-Key to retry safely.',
        );
      }
      if (memory === 'full') {
        res.set('Retry-After', String(SIGNATURE_TOLERANCE_S));
        throw new ApiError(
          429,
          'replay_memory_full',
          'Too many signals without an Idempotency-Key in the last minutes; send an Idempotency-Key (the Python client does).',
          {
            retryAfterSeconds: SIGNATURE_TOLERANCE_S,
          },
        );
      }
    }
    const raw = parseJsonObject(body);
    const parsed = normalizeSignal(raw, { source: 'python', id: timeOrderedId('sig'), receivedAt: new Date(), rawBody: body.toString('utf8') });
    if (!parsed.ok) {
      throw invalidSignal('The signal is not valid', parsed.problems);
    }
    let result;
    try {
      // With an Idempotency-Key the key is the duplicate rule: two equal bodies under two keys are two signals.
      const windowMs = idempotencyKey ? 0 : ctx.env.LEGFLOW_DEDUPE_SECONDS * 1000;
      result = await ctx.engine.ingest(key.userId, parsed.signal, bodyHash, windowMs, idempotencyKey);
    } catch (err) {
      // Two retries with one Idempotency-Key in flight together: the second finds the first's row.
      const earlier = idempotencyKey ? await ctx.engine.journal.byIdempotencyKey(key.userId, idempotencyKey) : undefined;
      if (!earlier) throw err;
      if (earlier.bodyHash !== bodyHash)
        throw new ApiError(409, 'idempotency_mismatch', 'This Idempotency-Key was used for a different signal.', { signalId: earlier.id });
      res.status(200).json({ signalId: earlier.id, status: earlier.status, replayed: true });
      return;
    }
    res.status(200).json(acceptAnswer(result));
  });
  return router;
}

function parseJsonObject(body: Buffer): unknown {
  const value = readJson(body.toString('utf8'), 'signal body');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_signal', 'The signal must be a JSON object such as {"channel": "...", "action": "ENTRY"}.');
  }
  return value;
}
