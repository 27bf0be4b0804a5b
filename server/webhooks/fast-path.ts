import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorAnswer } from '../../contracts/common.ts';
import { ApiError } from '../http/api-error.ts';
import { WEBHOOK_BODY_LIMIT, type AlertReceiver } from './tradingview.ts';

const HOOK = /^\/hooks\/tv\/([^/?]+)(?:\?(.*))?$/;

/**
 * TradingView alerts answered ahead of express: the benchmark showed express's routing, body parsing and
 * response helpers cost about a quarter of each alert. Same receiver, same errors, same JSON as the
 * express route. Returns false for any other request, which express then handles: also for a compressed
 * body (express decodes it) and a token with a malformed %-escape (express answers 400 invalid_path).
 */
export interface FastWebhookLog {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** `answered`: called once an answer is written, so the runs it acknowledged start without waiting for other requests. */
export function fastWebhook(receive: AlertReceiver, trustedProxies: number, log: FastWebhookLog, answered: () => void = () => {}) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST') return false;
    const match = HOOK.exec(req.url ?? '');
    if (!match) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
    const token = decodedToken(match[1]!);
    if (token === undefined) return false;
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      // As the request log does for express: the token is a credential, only its start is logged.
      const ms = Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
      log.info({ method: 'POST', url: `/hooks/tv/${match[1]!.slice(0, 6)}…`, status: res.statusCode, ms }, 'request');
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > WEBHOOK_BODY_LIMIT) tooLarge = true;
      else chunks.push(chunk);
    });
    const answer = async (): Promise<void> => {
      try {
        if (tooLarge) throw new ApiError(413, 'body_too_large', 'The request body is too large.');
        const query = new URLSearchParams(match[2] ?? '');
        const result = await receive({ token, body: Buffer.concat(chunks), querySecret: query.get('secret') ?? undefined, ip: clientIp(req, trustedProxies) });
        reply(res, 200, result);
        answered();
      } catch (err) {
        if (err instanceof ApiError) reply(res, err.status, errorAnswer(err.code, err.message, err.details));
        else {
          log.error({ err }, 'webhook failed');
          reply(res, 500, errorAnswer('internal', 'Something went wrong on the server; it has been logged.'));
        }
      }
    };
    // The emitter ignores a listener's promise: a failure while answering would be an unhandled rejection.
    req.on('end', () => {
      answer().catch((err: unknown) => {
        log.error({ err }, 'webhook reply failed');
        res.destroy();
      });
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

function decodedToken(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function reply(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** express's "trust proxy = n": skip n hops from the socket back through X-Forwarded-For. */
function clientIp(req: IncomingMessage, trustedProxies: number): string {
  const socket = req.socket.remoteAddress ?? '';
  if (trustedProxies === 0) return socket;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .reverse();
  const chain = [socket, ...forwarded];
  return chain[Math.min(trustedProxies, chain.length - 1)] ?? socket;
}
