import { z } from 'zod';

/** What one route tells the OpenAPI document; the same zod schemas validate its requests. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Full path in express syntax, e.g. /api/graphs/:id */
  path: string;
  summary: string;
  tag: string;
  auth: 'none' | 'user' | 'signature' | 'webhook-secret';
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
      if (r.auth === 'user') op.security = [{ session: [] }, { apiKey: [] }];
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
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key lf_<id>_<secret>' },
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
