import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
import { errorAnswer } from '../../contracts/common.ts';
import { LegflowError } from '../../runtime/errors.ts';
import { MarketError, type MarketErrorCode } from '../../runtime/market/market-error.ts';
import { problemsText } from '../../runtime/sample-signal.ts';
import type { SignalProblem } from '../../runtime/signal.ts';

/** An error with its HTTP status; every error response is `{error:{code,message,details}}`. */
export class ApiError extends LegflowError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}

export const notFound = (what: string, id: string) => new ApiError(404, 'not_found', `${what} ${id} was not found.`, { id });

/** A signal that does not normalise: `what` names it (`The alert is not a valid signal`), its problems follow. */
export function invalidSignal(what: string, problems: readonly SignalProblem[]): ApiError {
  return new ApiError(400, 'invalid_signal', `${what}: ${problemsText(problems)}`, { problems });
}

export function invalidInput(what: string, error: z.ZodError): ApiError {
  return new ApiError(400, 'invalid_request', `The ${what} is not valid: ${error.issues.map((i) => `${i.path.join('.') || what} ${i.message}`).join('; ')}`, {
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** body-parser's own failures, turned into the same error shape. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'invalid_json', 'The request body is not valid JSON.'],
  'entity.too.large': [413, 'body_too_large', 'The request body is too large.'],
  'encoding.unsupported': [415, 'unsupported_encoding', 'The request body encoding is not supported.'],
  'charset.unsupported': [415, 'unsupported_charset', 'The request body charset is not supported.'],
};

/**
 * Market errors that a request's own input causes (a date the calendar does not reach, an expiry not listed,
 * an unknown underlying): the caller's to fix, so a 4xx. The rest (bad shipped data, a clock run backwards)
 * are the server's.
 */
const MARKET_ERRORS: Partial<Record<MarketErrorCode, number>> = {
  CALENDAR_NOT_COVERED: 422,
  INSTRUMENT_NOT_COVERED: 422,
  EXPIRY_NOT_LISTED: 404,
  UNKNOWN_UNDERLYING: 404,
  UNKNOWN_EXCHANGE: 404,
  INVALID_ARGUMENT: 400,
  PRICE_OUTSIDE_BOUNDS: 400,
};

export interface ErrorLogger {
  error(obj: object, msg: string): void;
}

export function errorHandler(log: ErrorLogger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) {
      res.status(err.status).json(errorAnswer(err.code, err.message, err.details));
      return;
    }
    const marketStatus = err instanceof MarketError ? MARKET_ERRORS[err.code] : undefined;
    if (err instanceof MarketError && marketStatus) {
      res.status(marketStatus).json(errorAnswer(err.code.toLowerCase(), err.message, err.details));
      return;
    }
    const type = (err as { type?: unknown }).type;
    const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
    if (known) {
      res.status(known[0]).json(errorAnswer(known[1], known[2]));
      return;
    }
    // The router could not decode a `%`-escape of the path (`/hooks/tv/%ZZ`).
    if (err instanceof URIError) {
      res.status(400).json(errorAnswer('invalid_path', 'The URL path has a malformed %-escape; encode the path again.'));
      return;
    }
    // Any other client error express or body-parser raised (an aborted body, a size that does not match
    // Content-Length): its own status and message, which they mark safe to show.
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500 && (err as { expose?: unknown }).expose === true) {
      const code = typeof type === 'string' ? type.replace(/\W+/g, '_') : 'bad_request';
      res.status(status).json(errorAnswer(code, String((err as { message?: unknown }).message)));
      return;
    }
    log.error({ err }, 'unhandled error');
    res.status(500).json(errorAnswer('internal', 'Something went wrong on the server; it has been logged.'));
  };
}
