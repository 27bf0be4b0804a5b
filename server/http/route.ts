import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { requireScope, scopeForMethod } from '../auth/authenticate.ts';
import type { AuthUser } from '../context.ts';
import { ApiError } from './api-error.ts';
import type { OpenApiRegistry, RouteDoc } from './openapi.ts';
import { parse } from './parse.ts';

export interface RouteInput<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
  /** Set on routes with auth 'user' (by the auth middleware mounted before them). */
  user: AuthUser;
  req: Request;
  res: Response;
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType> extends Omit<RouteDoc, 'body' | 'query' | 'path'> {
  /** Path relative to the router's mount point. */
  path: string;
  body?: B;
  query?: Q;
}

/**
 * Declares a route once: its zod schemas parse the request (400 with every problem) and document it in
 * OpenAPI. The handler returns the JSON body; a value of `undefined` means it answered itself.
 */
export function route<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodObject>(
  router: Router,
  docs: OpenApiRegistry,
  mount: string,
  spec: RouteSpec<B, Q>,
  handler: (input: RouteInput<z.output<B>, z.output<Q>>) => Promise<unknown> | unknown,
): void {
  const { path, body, query, ...doc } = spec;
  docs.add({ ...doc, path: `${mount}${path === '/' ? '' : path}`, ...(body ? { body } : {}), ...(query ? { query } : {}) });
  router[spec.method](path, async (req, res) => {
    const user = res.locals.user as AuthUser | undefined;
    if (spec.auth === 'user' && !user) throw new ApiError(401, 'unauthenticated', 'Sign in or send an API key.');
    // An API key may do what its scopes say (403 insufficient_scope); a session may do everything.
    if (spec.auth === 'user') requireScope(user!, spec.scope ?? scopeForMethod(spec.method));
    const input: RouteInput<z.output<B>, z.output<Q>> = {
      body: body ? parse(body, req.body) : (undefined as z.output<B>),
      query: (query ? parse(query, req.query, 'query string') : {}) as z.output<Q>,
      params: req.params as Record<string, string>,
      user: user as AuthUser,
      req,
      res,
    };
    const result = await handler(input);
    if (result !== undefined && !res.headersSent) res.status(spec.status ?? 200).json(result);
  });
}
