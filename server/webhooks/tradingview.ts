import express, { type Router } from 'express';
import type { AppContext } from '../context.ts';
import { sha256Hex, timeOrderedId } from '../ids.ts';
import { ApiError } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { RateLimiter } from '../http/rate-limit.ts';
import { normalizeSignal } from '../../runtime/signal.ts';
import { sameSecret } from './secrets.ts';

/** TradingView's published webhook source addresses. */
export const TRADINGVIEW_ADDRESSES = ['52.89.214.238', '34.212.75.30', '54.218.53.128', '52.32.178.7'];
export const WEBHOOK_BODY_LIMIT = '64kb';

interface ChannelRow {
  userId: string;
  channel: string;
  secret: string;
}

export interface AlertInput {
  token: string;
  body: Buffer;
  /** `?secret=` of the URL, for text alerts. */
  querySecret: unknown;
  /** The client address (after the trusted-proxy rule). */
  ip: string;
}

export type AlertReceiver = (input: AlertInput) => Promise<{ signalId: string; status: string }>;

/**
 * The TradingView webhook itself, shared by the express route and the fast path mounted ahead of express.
 * The token names the channel; the secret rides in the JSON body or, for a text alert, in `?secret=`. The
 * signal is journaled before the answer, and nothing after that answers 5xx: TradingView resends a 5xx up
 * to three times. Throws ApiError for everything it refuses.
 */
export function tradingViewReceiver(ctx: AppContext): AlertReceiver {
  const limiter = new RateLimiter(ctx.env.LEGFLOW_WEBHOOK_RATE_PER_MINUTE);
  const findChannel = ctx.sqlite.prepare('SELECT user_id AS userId, channel, secret FROM channels WHERE token = ?');
  return async ({ token, body, querySecret, ip }) => {
    if (ctx.env.LEGFLOW_TV_ALLOWLIST && !TRADINGVIEW_ADDRESSES.includes(ip.replace(/^::ffff:/, ''))) {
      throw new ApiError(403, 'forbidden_address', 'This address is not one of TradingView\u2019s webhook addresses.');
    }
    const row = /^[A-Za-z0-9_-]{16,128}$/.test(token) ? (findChannel.get(token) as ChannelRow | undefined) : undefined;
    if (!row) throw new ApiError(404, 'unknown_token', 'No channel has this webhook URL; copy the URL again from Legflow.');
    if (!limiter.take(token)) {
      throw new ApiError(429, 'rate_limited', `More than ${ctx.env.LEGFLOW_WEBHOOK_RATE_PER_MINUTE} alerts a minute on this channel; slow the alert down.`);
    }
    const text = body.toString('utf8');
    if (text.trim() === '') throw new ApiError(400, 'empty_body', 'The alert message is empty.');
    const { raw, secret } = readAlert(text, querySecret);
    if (secret === undefined) {
      throw new ApiError(401, 'missing_secret', 'The alert carries no secret: put "secret" in the JSON message, or ?secret= in the URL for a text alert.');
    }
    if (!sameSecret(secret, row.secret)) throw new ApiError(401, 'wrong_secret', 'The secret does not match this channel.');
    const bodyHash = sha256Hex(text);
    const parsed = normalizeSignal(
      { ...raw, channel: row.channel },
      { source: 'tradingview', id: timeOrderedId('sig'), receivedAt: new Date(), rawBody: text, rawBodyHash: bodyHash },
    );
    if (!parsed.ok) {
      throw new ApiError(400, 'invalid_signal', `The alert is not a valid signal: ${parsed.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, {
        problems: parsed.problems,
      });
    }
    const result = await ctx.engine.ingest(row.userId, parsed.signal, bodyHash, ctx.env.LEGFLOW_DEDUPE_SECONDS * 1000);
    return result.status === 'duplicate' ? { signalId: result.original, status: 'duplicate' } : result;
  };
}

/** `POST /hooks/tv/:token` as an express route (raw body whatever the Content-Type). */
export function tradingViewRoutes(ctx: AppContext, docs: OpenApiRegistry, receive: AlertReceiver): Router {
  const router = express.Router();
  docs.add({ method: 'post', path: '/hooks/tv/:token', summary: 'Receive a TradingView alert', tag: 'webhooks', auth: 'webhook-secret' });
  router.post('/:token', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.status(200).json(await receive({ token: String(req.params.token ?? ''), body, querySecret: req.query.secret, ip: req.ip ?? '' }));
  });
  return router;
}

/** A JSON object alert, or a text alert whose first word is its action. */
function readAlert(text: string, querySecret: unknown): { raw: Record<string, unknown>; secret: string | undefined } {
  const fromQuery = typeof querySecret === 'string' ? querySecret : undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const { secret, ...rest } = json as Record<string, unknown>;
    return { raw: rest, secret: typeof secret === 'string' ? secret : fromQuery };
  }
  const trimmed = text.trim();
  const word = /^[A-Za-z][A-Za-z0-9_-]*/.exec(trimmed)?.[0];
  return { raw: { action: word ?? 'TEXT', text: trimmed.slice(0, 2000) }, secret: fromQuery };
}

