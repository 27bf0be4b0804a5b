import type { z } from 'zod';
import { errorBody } from '../../../contracts/common.ts';

/** What every failed API call turns into: the server's `{error:{code,message,details}}` plus the status. */
export interface ApiErrorBody {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.body.status;
  }

  get code(): string {
    return this.body.code;
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClient {
  /** Sends a request and parses the JSON answer with `schema` (parse at the edge); 204 gives `undefined`. */
  request<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.output<S>>;
}

/** Reads a failed answer by the server's own error contract; anything else (a proxy's page) by its status. */
function errorBodyFrom(status: number, raw: unknown): ApiErrorBody {
  const parsed = errorBody.safeParse(raw);
  if (parsed.success) return { status, ...parsed.data.error };
  return { status, code: 'http_error', message: `The server answered ${status} without an explanation.`, details: {} };
}

/** The editor's one way to the server: same-origin paths, the session cookie, one error shape. */
export function createApiClient(fetchImpl: Fetch = (input, init) => fetch(input, init), base = ''): ApiClient {
  return {
    async request(method, path, schema, body) {
      let res: Response;
      try {
        res = await fetchImpl(`${base}${path}`, {
          method,
          credentials: 'include',
          headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch {
        throw new ApiError({ status: 0, code: 'network', message: 'The server cannot be reached; check that Legflow is running.', details: {} });
      }
      const text = await res.text();
      let raw: unknown;
      try {
        raw = text === '' ? undefined : JSON.parse(text);
      } catch {
        raw = undefined;
      }
      if (!res.ok) throw new ApiError(errorBodyFrom(res.status, raw));
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        throw new ApiError({
          status: res.status,
          code: 'unexpected_response',
          message: `The server's answer to ${method} ${path} was not understood: ${parsed.error.issues[0]?.message ?? 'wrong shape'}.`,
          details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
        });
      }
      return parsed.data;
    },
  };
}

/** Any failure as the API's error shape, for thunks to reject with (an unwrapped endpoint or thunk throws the shape itself). */
export function errorBodyOf(e: unknown): ApiErrorBody {
  if (e instanceof ApiError) return e.body;
  if (isApiErrorBody(e)) return e;
  return { status: 0, code: 'client_error', message: e instanceof Error ? e.message : String(e), details: {} };
}

export function isApiErrorBody(v: unknown): v is ApiErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as ApiErrorBody).status === 'number' && typeof (v as ApiErrorBody).code === 'string';
}
