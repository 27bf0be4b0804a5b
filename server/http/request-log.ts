import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** One structured line per request, with its status and duration. */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      // Webhook tokens are credentials: only their first characters reach the log.
      const url = (req.originalUrl.split('?')[0] ?? '').replace(/(\/hooks\/tv\/)([^/]{6})[^/]*/, '$1$2…');
      log.info({ method: req.method, url, status: res.statusCode, ms: Math.round(ms * 100) / 100 }, 'request');
    });
    next();
  };
}
