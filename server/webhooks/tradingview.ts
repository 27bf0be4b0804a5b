import { gunzipSync } from 'node:zlib';
import express, { type Router } from 'express';
import type { AppContext } from '../context.ts';
import { sha256Hex, timeOrderedId } from '../ids.ts';
import { ApiError, invalidSignal } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { readJson, withoutBom } from '../http/read-json.ts';
import type { AcceptResult, ChannelCredential } from '../storage/storage.ts';
import { normalizeSignal } from '../../runtime/signal.ts';
import { channelTokenHash, openChannelSecret, sameSecret } from './secrets.ts';

/** TradingView's published webhook source addresses. */
export const TRADINGVIEW_ADDRESSES = ['52.89.214.238', '34.212.75.30', '54.218.53.128', '52.32.178.7'];
/** Largest webhook body, as sent and once decompressed. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

export interface AlertInput {
  token: string;
  body: Buffer;
  /** `?secret=` of the URL, for text alerts. */
  querySecret: unknown;
  /** The client address (after the trusted-proxy rule). */
  ip: string;
}

/** An alert as read, before its secret is checked. */
interface Alert {
  raw: Record<string, unknown>;
  secret: string | undefined;
  /** The body as text, for the journal's body hash and the duplicate key. */
  text: string;
}

export type AlertReceiver = (input: AlertInput) => Promise<{ signalId: string; status: string }>;

/**
 * The TradingView webhook itself, shared by the express route and the fast path mounted ahead of express.
 * The token names the channel; the secret rides in the JSON body or, for a text alert, in `?secret=`. The
 * signal is journaled before the answer, and nothing after that answers 5xx: TradingView resends a 5xx up
 * to three times. Throws ApiError for everything it refuses. `now` is the rate limiters' clock.
 */
export function tradingViewReceiver(ctx: AppContext, now: () => number = Date.now): AlertReceiver {
  const perMinute = ctx.env.LEGFLOW_WEBHOOK_RATE_PER_MINUTE;
  const limiter = new RateLimiter(perMinute, now);
  // Refused requests (unknown token, unreadable body, wrong secret) spend a budget of their own, per
  // address and channel: a stranger is slowed down and never spends the trader's budget. TradingView's
  // addresses are shared by all its users, so a correct secret is never refused for others' failures.
  const failures = new RateLimiter(perMinute, now);
  // Tokens and secrets are stored sealed (secrets.ts): the token is found by its digest under the server key.
  const secrets = new OpenedSecrets(ctx.atRest);
  const digests = new ChannelTokenDigests(ctx.atRest);
  return async ({ token, body, querySecret, ip }) => {
    if (ctx.env.LEGFLOW_TV_ALLOWLIST && !TRADINGVIEW_ADDRESSES.includes(ip.replace(/^::ffff:/, ''))) {
      throw new ApiError(403, 'forbidden_address', 'This address is not one of TradingView\u2019s webhook addresses.');
    }
    const row = /^[A-Za-z0-9_-]{16,128}$/.test(token) ? await ctx.storage.credentials.channelByTokenHash(digests.of(token)) : undefined;
    if (row) digests.keep(token, row.tokenHash);
    let channel: ChannelCredential;
    let alert: Alert;
    try {
      if (!row) throw new ApiError(404, 'unknown_token', 'No channel has this webhook URL; copy the URL again from Legflow.');
      alert = readAlert(alertText(body), querySecret);
      if (alert.secret === undefined) {
        throw new ApiError(401, 'missing_secret', 'The alert carries no secret: put "secret" in the JSON message, or ?secret= in the URL for a text alert.');
      }
      if (!sameSecret(alert.secret, secrets.open(row))) throw new ApiError(401, 'wrong_secret', 'The secret does not match this channel.');
      channel = row;
    } catch (err) {
      if (err instanceof ApiError && !failures.take(`${ip}|${row ? token : ''}`)) {
        throw new ApiError(
          429,
          'too_many_failures',
          `More than ${perMinute} refused requests a minute from this address; fix the webhook URL, message or secret.`,
          { refused: err.code },
        );
      }
      throw err;
    }
    if (!limiter.take(token)) {
      throw new ApiError(429, 'rate_limited', `More than ${perMinute} alerts a minute on this channel; slow the alert down.`);
    }
    const bodyHash = sha256Hex(alert.text);
    const parsed = normalizeSignal(
      { ...alert.raw, channel: channel.channel },
      { source: 'tradingview', id: timeOrderedId('sig'), receivedAt: new Date(), rawBody: alert.text, rawBodyHash: bodyHash },
    );
    if (!parsed.ok) {
      throw invalidSignal('The alert is not a valid signal', parsed.problems);
    }
    return acceptAnswer(await ctx.engine.ingest(channel.userId, parsed.signal, bodyHash, ctx.env.LEGFLOW_DEDUPE_SECONDS * 1000));
  };
}

/**
 * Digests of the tokens of channels found, so an alert does not pay for an HMAC (about 2% of an alert's CPU
 * in a profile) on every request. Only tokens that named a channel are kept, so strangers' guesses never
 * fill it; emptied at MAX_KEPT like OpenedSecrets. A deleted channel's token still hashes to no row.
 */
class ChannelTokenDigests {
  private static readonly MAX_KEPT = 1024;
  private readonly kept = new Map<string, string>();

  constructor(private readonly atRest: AppContext['atRest']) {}

  of(token: string): string {
    return this.kept.get(token) ?? channelTokenHash(this.atRest, token);
  }

  keep(token: string, digest: string): void {
    if (this.kept.has(token)) return;
    if (this.kept.size >= ChannelTokenDigests.MAX_KEPT) this.kept.clear();
    this.kept.set(token, digest);
  }
}

/**
 * Channel secrets as opened, keyed by their sealed text, so an alert does not pay for a decipher (AES-GCM,
 * about 20 µs here) on every request. A changed secret is sealed anew, so its old entry is never found
 * again; the map is emptied when it reaches MAX_OPENED, so it holds about the channels in use.
 */
class OpenedSecrets {
  private static readonly MAX_OPENED = 1024;
  private readonly opened = new Map<string, string>();

  constructor(private readonly atRest: AppContext['atRest']) {}

  open(row: ChannelCredential): string {
    const key = `${row.tokenHash}|${row.sealedSecret}`;
    let secret = this.opened.get(key);
    if (secret === undefined) {
      secret = openChannelSecret(this.atRest, row);
      if (this.opened.size >= OpenedSecrets.MAX_OPENED) this.opened.clear();
      this.opened.set(key, secret);
    }
    return secret;
  }
}

/**
 * A webhook's answer once its signal is journaled: a duplicate names the original; a signal refused for
 * conflicting with an earlier one (same action, id and time, another message) is 409, naming it.
 */
export function acceptAnswer(result: AcceptResult): { signalId: string; status: string } {
  if (result.status === 'duplicate') return { signalId: result.original, status: 'duplicate' };
  if (result.status === 'rejected') {
    throw new ApiError(
      409,
      'conflict',
      `Signal ${result.original} came earlier with the same action, id and time but a different message; this one was not run. Give each alert its own id or time.`,
      { signalId: result.original, rejectedSignalId: result.signalId },
    );
  }
  return result;
}

/** `POST /hooks/tv/:token` as an express route (raw body whatever the Content-Type; gzip and deflate decoded). */
export function tradingViewRoutes(ctx: AppContext, docs: OpenApiRegistry, receive: AlertReceiver): Router {
  const router = express.Router();
  docs.add({ method: 'post', path: '/hooks/tv/:token', summary: 'Receive a TradingView alert', tag: 'webhooks', auth: 'webhook-secret' });
  router.post('/:token', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.status(200).json(await receive({ token: String(req.params.token ?? ''), body, querySecret: req.query.secret, ip: req.ip ?? '' }));
  });
  return router;
}

/**
 * The alert's text: a gzip body (recognised by its magic bytes, whatever the headers say) is decompressed,
 * never past the body limit, so a small bomb cannot fill memory; a UTF-8 byte-order mark is skipped.
 */
function alertText(body: Buffer): string {
  let bytes = body;
  if (body[0] === 0x1f && body[1] === 0x8b) {
    try {
      bytes = gunzipSync(body, { maxOutputLength: WEBHOOK_BODY_LIMIT });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ApiError(413, 'body_too_large', `The alert is over ${WEBHOOK_BODY_LIMIT / 1024} KB once decompressed.`, { limit: WEBHOOK_BODY_LIMIT });
      }
      throw new ApiError(400, 'invalid_gzip', 'The alert body starts like gzip but does not decompress; send it as plain text.');
    }
  }
  const text = withoutBom(bytes.toString('utf8'));
  if (text.trim() === '') throw new ApiError(400, 'empty_body', 'The alert message is empty.');
  return text;
}

/**
 * A body starting with `{` or `[` is JSON (or a 400 saying where it breaks) and must be an object; any
 * other text is a text alert whose first word is its action.
 */
function readAlert(text: string, querySecret: unknown): Alert {
  const fromQuery = typeof querySecret === 'string' ? querySecret : undefined;
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = readJson(text, 'alert message');
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new ApiError(400, 'invalid_signal', 'A JSON alert must be an object such as {"action": "ENTRY", "secret": "…"}.');
    }
    const { secret, ...rest } = json as Record<string, unknown>;
    return { raw: rest, secret: typeof secret === 'string' ? secret : fromQuery, text };
  }
  const word = /^[A-Za-z][A-Za-z0-9_-]*/.exec(trimmed)?.[0];
  return { raw: { action: word ?? 'TEXT', text: trimmed.slice(0, 2000) }, secret: fromQuery, text };
}
