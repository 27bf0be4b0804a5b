import type { RequestHandler } from 'express';
import { ApiError } from './api-error.ts';
import type { OpenApiRegistry } from './openapi.ts';

/**
 * The last handler under `/api` and `/hooks`: a path that exists under other methods is 405 with `Allow`,
 * anything else 404, both as JSON errors (never express's HTML page).
 */
export function noRoute(docs: OpenApiRegistry): RequestHandler {
  return (req, res) => {
    const path = req.baseUrl + req.path;
    // A webhook token is a credential: the answer names only its first characters, as the log does.
    const shown = path.replace(/^(\/hooks\/tv\/[^/]{6})[^/]+/, '$1…');
    const allow = docs.methodsAt(path);
    if (allow.length > 0) {
      res.set('Allow', allow.join(', '));
      throw new ApiError(405, 'method_not_allowed', `${req.method} is not allowed on ${shown}; use ${allow.join(' or ')}.`, { method: req.method, allow });
    }
    throw new ApiError(404, 'not_found', `No route ${req.method} ${shown}.`, { method: req.method, path: shown });
  };
}
