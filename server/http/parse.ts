import type { z } from 'zod';
import { findForbiddenKey } from '../../runtime/signal.ts';
import { ApiError, invalidInput } from './api-error.ts';

/** Parses a request part with its schema once, at the edge; the parsed value is what flows on. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const forbidden = findForbiddenKey(value);
  if (forbidden) {
    throw new ApiError(400, 'invalid_request', `The ${what} has a key "${forbidden}" that is not allowed.`, { path: forbidden });
  }
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(what, result.error);
  return result.data;
}
