import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import type { Env } from '../env.ts';
import { ApiError } from './api-error.ts';

/** Methods that change nothing; a cross-site page may send them, but cannot read the answers. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Origins besides the server's own that may send signed-in changes: the allowed list and the public address. */
export function trustedOrigins(env: Pick<Env, 'LEGFLOW_ALLOWED_ORIGINS' | 'LEGFLOW_PUBLIC_URL'>): ReadonlySet<string> {
  const origins = new Set(env.LEGFLOW_ALLOWED_ORIGINS);
  if (env.LEGFLOW_PUBLIC_URL) origins.add(new URL(env.LEGFLOW_PUBLIC_URL).origin);
  return origins;
}

/**
 * Why a browser request looks like it came from another site, or undefined when it may go ahead.
 * Fetch metadata first: browsers send `Sec-Fetch-Site` and pages cannot forge it. Without it (an older
 * browser), `Origin` must name this server's host, as the request's `Host` says. Neither header at all is not
 * a browser's cross-site request (browsers send `Origin` on every cross-origin POST and WebSocket), so it goes
 * ahead: curl with a cookie is its owner's own doing.
 */
export function crossOriginProblem(headers: IncomingHttpHeaders, trusted: ReadonlySet<string>): string | undefined {
  const origin = headers.origin;
  if (origin !== undefined && trusted.has(origin)) return undefined;
  const site = headers['sec-fetch-site'];
  if (site === 'same-origin' || site === 'none') return undefined;
  if (site !== undefined) return `it was sent by a page of another site (Sec-Fetch-Site: ${String(site)}${origin ? `, Origin ${origin}` : ''})`;
  if (origin === undefined) return undefined;
  if (hostOf(origin) !== undefined && hostOf(origin) === headers.host?.toLowerCase()) return undefined;
  return `it was sent by a page of ${origin === 'null' ? 'an unknown origin (Origin: null)' : origin}, not of this server`;
}

function hostOf(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/** The 403 a refused request or WebSocket upgrade answers. */
export function crossOriginError(problem: string, origin: string | undefined): ApiError {
  return new ApiError(
    403,
    'cross_origin',
    `Refused: ${problem}. Legflow takes changes made with its session cookie only from its own pages; to allow another site, add its origin to LEGFLOW_ALLOWED_ORIGINS.`,
    { origin: origin ?? null },
  );
}

/**
 * Stops cross-site request forgery: a state-changing request that could ride on the session cookie must come
 * from Legflow's own pages (or an allowed origin). A request with an `Authorization` header is exempt: it is
 * authenticated by that header alone (a cookie beside it is ignored), and no page of another site can set it.
 */
export function originCheck(env: Env): RequestHandler {
  const trusted = trustedOrigins(env);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || req.headers.authorization !== undefined) return next();
    const problem = crossOriginProblem(req.headers, trusted);
    next(problem ? crossOriginError(problem, req.headers.origin) : undefined);
  };
}
