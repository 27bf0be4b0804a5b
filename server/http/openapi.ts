import { z } from 'zod';
import { contractNames, responseContract, WEBSOCKET_FRAMES } from '../../contracts/api.ts';
import { errorBody } from '../../contracts/common.ts';
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

  /** The declared route a request reached, by its method and the path express matched (`/api/graphs/:id`). */
  find(method: string, path: string): RouteDoc | undefined {
    return this.routes.find((r) => r.method === method.toLowerCase() && r.path === path);
  }

  /** Every declared route, in declaration order. */
  list(): readonly RouteDoc[] {
    return this.routes;
  }

  document(): object {
    const paths: Record<string, Record<string, object>> = {};
    const schemas: Record<string, object> = {};
    for (const r of this.routes) {
      const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      const params = [...r.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      const query = r.query ? queryParams(r.query) : [];
      const op: Record<string, unknown> = {
        summary: r.summary,
        tags: [r.tag],
        parameters: [...params, ...query],
        responses: {
          [String(r.status ?? 200)]: successResponse(r, schemas),
          default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
      if (r.auth === 'user') op.security = [{ session: [] }, { apiKey: [r.scope ?? scopeForMethod(r.method)] }];
      if (r.body)
        op.requestBody = { required: true, content: { 'application/json': { schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) } } };
      (paths[path] ??= {})[r.method] = op;
    }
    contractSchema(errorBody, schemas);
    for (const [frame] of WEBSOCKET_FRAMES) contractSchema(frame, schemas);
    return {
      openapi: '3.1.0',
      info: { title: 'Legflow API', version: '1' },
      paths,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'legflow_session' },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key lf_<id>_<secret>; an operation lists the scope it needs (signals, read or manage)',
          },
        },
        schemas,
      },
    };
  }
}

/** The answer of a route: its contract's schema (contracts/api.ts), or no content for a 204. */
function successResponse(r: RouteDoc, schemas: Record<string, object>): object {
  const contract = responseContract(r.method, r.path);
  if (!contract) return { description: 'No content' };
  return { description: r.summary, content: { 'application/json': { schema: contractSchema(contract.schema, schemas) } } };
}

/**
 * A contract as JSON Schema: the named parts (contractNames) go to `components.schemas` once, and the
 * answer refers to them.
 */
function contractSchema(schema: z.ZodType, components: Record<string, object>): object {
  const {
    $schema: _draft,
    $defs,
    ...json
  } = z.toJSONSchema(schema, { metadata: contractNames, unrepresentable: 'any', io: 'output' }) as Record<string, unknown> & { $defs?: Record<string, object> };
  const toComponents = (value: object): object => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as object;
  for (const [name, def] of Object.entries($defs ?? {})) components[name] ??= toComponents(def);
  const id = contractNames.get(schema)?.id;
  if (id === undefined) return toComponents(json);
  components[id] ??= toComponents(json);
  return { $ref: `#/components/schemas/${id}` };
}

function queryParams(schema: z.ZodType): object[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}
