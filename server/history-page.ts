import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiError } from './http/api-error.ts';

/**
 * How the API pages a history (a deployment's position groups, orders): newest first, `limit` at a time;
 * a page that is not the last says where the next one starts in a `Link: <…&before=<id>>; rel="next"`
 * header, `before` naming the oldest item of the page. The body stays a plain array.
 */

/** The most one page holds. */
export const MAX_PAGE = 500;

/** Where an item sits in its history: creation time, then id. */
export interface HistoryKey {
  createdAt: number;
  id: string;
}

/**
 * Creation order. Ids come from one counter per prefix (`grp-9` before `grp-10`), so at the same millisecond
 * the shorter id is the older: SQL orders rows the same way by the row value HISTORY_ORDER.
 */
export function compareHistoryKeys(a: HistoryKey, b: HistoryKey): number {
  return a.createdAt - b.createdAt || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** SQL: a row's place in the order of compareHistoryKeys, to compare with `(createdAt, id.length, id)`. */
export const HISTORY_ORDER = '(created_at, length(id), id)';
/** SQL: newest first, in the order of compareHistoryKeys. */
export const NEWEST_FIRST = 'created_at DESC, length(id) DESC, id DESC';

/** `limit` and `before` of a history's query string. */
export function pageQuery(what: string, defaultLimit: number) {
  return {
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(defaultLimit).describe(`At most this many ${what}, the newest (1 to ${MAX_PAGE})`),
    before: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(`Only ${what} older than this one (its id): the next page, as the Link header of the previous one gives it`),
  };
}

/** A `before` that names nothing in this history: 400, saying what to send instead. */
export function unknownCursor(before: string, what: string): ApiError {
  return new ApiError(
    400,
    'invalid_cursor',
    `before=${before} names none of these ${what}; pass the id of the oldest item of the previous page, as its Link header does.`,
    {
      before,
    },
  );
}

/**
 * The page, newest first: the first `limit` of `newestFirst`, which may hold one more to tell whether older
 * ones are left; when they are, the Link header to them.
 */
export function pageOf<T extends { id: string }>(req: Request, res: Response, newestFirst: readonly T[], limit: number): T[] {
  const page = newestFirst.slice(0, limit);
  const oldest = page.at(-1);
  if (newestFirst.length > limit && oldest !== undefined) {
    const q = req.originalUrl.indexOf('?');
    const params = new URLSearchParams(q < 0 ? '' : req.originalUrl.slice(q + 1));
    params.set('before', oldest.id);
    res.setHeader('Link', `<${q < 0 ? req.originalUrl : req.originalUrl.slice(0, q)}?${params}>; rel="next"`);
  }
  return page;
}
