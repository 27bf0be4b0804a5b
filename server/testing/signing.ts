import type express from 'express';
import request from 'supertest';
import { signingKeyOf } from '../auth/api-keys.ts';
import { sha256Hex } from '../ids.ts';
import { signV2 } from '../webhooks/signature.ts';

export interface SignOptions {
  /** Unix seconds of X-Legflow-Timestamp (now by default). */
  at?: number;
  idempotencyKey?: string;
  /** X-Legflow-Key as sent (the key's `lf_<id>` by default). */
  keyHeader?: string;
  /** Sign with another secret than the key's. */
  secret?: string;
  /** What the signature covers, when it should not be what is sent. */
  signedPath?: string;
}

/** The headers the Python client sends for `body` on POST /api/v1/signals (v2 signature). */
export function signalHeaders(key: string, body: string, opts: SignOptions = {}): Record<string, string> {
  const [, id, secret] = /^lf_([0-9a-z]{10})_(.+)$/.exec(key)!;
  const timestamp = String(opts.at ?? Math.floor(Date.now() / 1000));
  const signingKey = signingKeyOf(sha256Hex(opts.secret ?? secret!));
  const signature = signV2(signingKey, { method: 'POST', path: opts.signedPath ?? '/api/v1/signals', timestamp, idempotencyKey: opts.idempotencyKey, body });
  return {
    'Content-Type': 'application/json',
    'X-Legflow-Key': opts.keyHeader ?? `lf_${id}`,
    'X-Legflow-Timestamp': timestamp,
    'X-Legflow-Signature': `v2=${signature}`,
    ...(opts.idempotencyKey === undefined ? {} : { 'Idempotency-Key': opts.idempotencyKey }),
  };
}

/** Sends a signed signal through the app, as the Python client does. */
export function signedSignal(app: express.Express, key: string, body: string, opts: SignOptions = {}): request.Test {
  return request(app)
    .post('/api/v1/signals')
    .set(signalHeaders(key, body, opts))
    .send(body);
}
