import { z } from 'zod';
import type { ApiKeyScope } from '../auth/api-keys.ts';
import { scopeForMethod } from '../auth/authenticate.ts';

/** What one route tells the OpenAPI document; the same zod schemas validate its requests. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Full path in express syntax, e.g. /api/graphs/:id */
  path: string;
  summary: string;
  tag: string;
  auth: 'none' | 'user' | 'signature' | 'webhook-secret';
  /** What an API key needs for a 'user' route: by default `read` for GET and `manage` for the rest. */
  scope?: ApiKeyScope;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Status code of success. */
  status?: number;
}

/** Collects route docs as routes are declared; `document()` renders OpenAPI 3.1. */
export class OpenApiRegistry {
  private readonly routes: RouteDoc[] = [];

  add(doc: RouteDoc): void {
    this.routes.push(doc);
  }

  /** The methods declared on a request path such as `/api/graphs/g_1` (HEAD with GET), for 405 answers. */
  methodsAt(path: string): string[] {
    const methods = new Set<string>();
    for (const r of this.routes) {
      // Express's own matching: a `:param` is one segment, and a trailing slash is allowed.
      const pattern = `^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`;
      if (new RegExp(pattern).test(path)) methods.add(r.method.toUpperCase());
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods];
  }

  document(): object {
    const paths: Record<string, Record<string, object>> = {};
    for (const r of this.routes) {
      const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      const params = [...r.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      const query = r.query ? queryParams(r.query) : [];
      const op: Record<string, unknown> = {
        summary: r.summary,
        tags: [r.tag],
        parameters: [...params, ...query],
        responses: {
          [String(r.status ?? 200)]: { description: 'Success' },
          default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
      if (r.auth === 'user') op.security = [{ session: [] }, { apiKey: [r.scope ?? scopeForMethod(r.method)] }];
      if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } };
      (paths[path] ??= {})[r.method] = op;
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Legflow API', version: '1' },
      paths,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'legflow_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key lf_<id>_<secret>; an operation lists the scope it needs (signals, read or manage)' },
        },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['code', 'message', 'details'],
                properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
              },
            },
          },
        },
      },
    };
  }
}

function queryParams(schema: z.ZodType): object[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}
