import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { describeNodeType } from '../../runtime/describe-node-type.ts';
import { graphSchema, type Graph } from '../../runtime/graph-schema.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

const ROOT = join(import.meta.dirname, '..', '..');

const VERSION = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))).version;

interface Template {
  id: string;
  graph: Graph;
}

/** The shipped strategies; a template that does not parse stops the start, which the template tests catch first. */
function loadTemplates(dir: string): Template[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graph.json'))
    .sort()
    .map((file) => ({ id: file.slice(0, -'.graph.json'.length), graph: graphSchema.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))) }));
}

/** Health, the node catalogue, templates and the OpenAPI document: what a client needs before signing in. */
export function metaRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api';
  // Built once: the catalogue and the templates only change with a new release.
  const nodeTypes = ctx.nodes.all().map(describeNodeType);
  const templates = loadTemplates(join(ROOT, 'templates'));
  const templateList = templates.map((t) => ({ id: t.id, name: t.graph.name, description: t.graph.description, nodeCount: t.graph.nodes.length }));

  route(router, docs, mount, { method: 'get', path: '/health', summary: 'Liveness and version', tag: 'meta', auth: 'none' }, () => ({
    status: 'ok',
    version: VERSION,
    time: new Date().toISOString(),
  }));

  route(
    router,
    docs,
    mount,
    { method: 'get', path: '/node-types', summary: 'Every node type with its ports, params JSON Schema and defaults', tag: 'meta', auth: 'none' },
    () => nodeTypes,
  );

  route(
    router,
    docs,
    mount,
    { method: 'get', path: '/templates', summary: 'Ready strategies to start a graph from', tag: 'meta', auth: 'none' },
    () => templateList,
  );

  route(router, docs, mount, { method: 'get', path: '/templates/:id', summary: 'One template as graph JSON', tag: 'meta', auth: 'none' }, ({ params }) => {
    const found = templates.find((t) => t.id === params.id);
    if (!found) throw notFound('Template', params.id!);
    return found.graph;
  });

  // Rendered per request from the registry, so it lists every route however the app was assembled.
  route(router, docs, mount, { method: 'get', path: '/openapi.json', summary: 'This API as OpenAPI 3.1', tag: 'meta', auth: 'none' }, () => docs.document());

  return router;
}
