import { Router } from 'express';
import { z } from 'zod';
import { validateGraph } from '../../runtime/validate.ts';
import type { AppContext } from '../context.ts';
import { createGraph, deleteGraph, draftSchema, listGraphs, loadGraph, updateGraph } from '../graphs/graph-store.ts';
import { testRunDraft } from '../graphs/test-run.ts';
import { listVersions, loadVersion, publishGraph } from '../graphs/versions.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

const createBody = z.object({ graph: draftSchema.describe('Graph JSON (schemaVersion 1); a draft may be unfinished') });
const updateBody = z.object({
  graph: draftSchema.describe('The whole draft graph JSON'),
  rev: z.number().int().min(1).describe('The rev this edit started from; a stale rev is refused with 409'),
});
const testBody = z.object({
  signal: z.record(z.string(), z.unknown()).describe('A sample signal such as {"action":"ENTRY"}; channel and source default to the graph’s source node'),
});

/** Graph drafts with optimistic `rev`, validation, immutable published versions and dry runs. */
export function graphRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/graphs';
  const tag = 'graphs';

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/', summary: 'Create a graph from a draft', tag, auth: 'user', body: createBody, status: 201 },
    ({ body, user }) => createGraph(ctx, user.id, body.graph),
  );

  route(router, docs, mount, { method: 'get', path: '/', summary: 'Your graphs', tag, auth: 'user' }, ({ user }) => listGraphs(ctx, user.id));

  route(router, docs, mount, { method: 'get', path: '/:id', summary: 'A graph’s draft and rev', tag, auth: 'user' }, async ({ params, user }) => {
    const g = await loadGraph(ctx, user.id, params.id!);
    return { id: g.id, graph: g.graph, rev: g.rev, updatedAt: g.updatedAt };
  });

  route(
    router,
    docs,
    mount,
    { method: 'put', path: '/:id', summary: 'Save the draft (409 stale_rev if it changed since `rev`)', tag, auth: 'user', body: updateBody },
    ({ body, params, user }) => updateGraph(ctx, user.id, params.id!, body.graph, body.rev),
  );

  route(
    router,
    docs,
    mount,
    { method: 'delete', path: '/:id', summary: 'Delete a graph and its versions', tag, auth: 'user', status: 204 },
    async ({ params, user, res }) => {
      await deleteGraph(ctx, user.id, params.id!);
      res.status(204).end();
    },
  );

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/:id/validate', summary: 'Every problem in the draft', tag, auth: 'user', scope: 'read' },
    async ({ params, user }) => {
      const g = await loadGraph(ctx, user.id, params.id!);
      const result = validateGraph(g.graph, ctx.nodes);
      return { valid: result.ok, problems: result.problems };
    },
  );

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/:id/publish', summary: 'Freeze the draft as the next version (422 if invalid)', tag, auth: 'user', status: 201 },
    ({ params, user }) => publishGraph(ctx, user.id, params.id!),
  );

  route(router, docs, mount, { method: 'get', path: '/:id/versions', summary: 'Published versions', tag, auth: 'user' }, ({ params, user }) =>
    listVersions(ctx, user.id, params.id!),
  );

  route(router, docs, mount, { method: 'get', path: '/:id/versions/:version', summary: 'One published version', tag, auth: 'user' }, ({ params, user }) =>
    loadVersion(ctx, user.id, params.id!, params.version!),
  );

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/:id/test', summary: 'Dry-run the draft on a sample signal; places no order', tag, auth: 'user', body: testBody },
    async ({ body, params, user }) => {
      const g = await loadGraph(ctx, user.id, params.id!);
      return testRunDraft(ctx, user.id, g.graph, body.signal);
    },
  );

  return router;
}
