import { Router } from 'express';
import { z } from 'zod';
import { compileGraph } from '../../runtime/plan.ts';
import { normalizeSignal } from '../../runtime/signal.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { ApiError, invalidSignal, notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';
import { sha256Hex, timeOrderedId } from '../ids.ts';

const triggerBody = z
  .object({
    nodeId: z.string().min(1).max(64).optional().describe('The manual-trigger node to fire; may be left out when the graph has only one'),
    action: z.string().min(1).max(40).optional().describe('The action to send instead of the node’s own (ENTRY, EXIT, …)'),
  })
  .default({});

/**
 * The manual trigger's button: a `manual` signal for one manual-trigger node of a running deployment,
 * through the same journal and queue as every other signal. It carries the node's id, so it fires that
 * node only (in every running deployment of yours on the node's channel that has it).
 */
export function manualRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  route(
    router,
    docs,
    '/api/deployments',
    {
      method: 'post',
      path: '/:id/manual',
      summary: 'Press a manual-trigger node of a running deployment',
      tag: 'deployments',
      auth: 'user',
      scope: 'signals',
      body: triggerBody,
    },
    async ({ params, body, user }) => {
      const row = await ctx.storage.db
        .selectFrom('deployments')
        .select(['id', 'graphId', 'version'])
        .where('id', '=', params.id!)
        .where('userId', '=', user.id)
        .executeTakeFirst();
      if (!row) throw notFound('Deployment', params.id!);
      if (!ctx.engine.isRunning(row.id))
        throw new ApiError(409, 'not_running', `Deployment ${row.id} is stopped; start it before pressing its manual trigger.`);
      const version = await ctx.storage.db
        .selectFrom('graphVersions')
        .select('graph')
        .where('graphId', '=', row.graphId)
        .where('version', '=', row.version)
        .executeTakeFirstOrThrow();
      const plan = compileGraph(JSON.parse(version.graph) as unknown, ctx.nodes);
      const manual = plan.channels.filter((c) => c.source === 'manual');
      if (manual.length === 0)
        throw new ApiError(422, 'no_manual_source', 'This deployment’s graph has no manual-trigger node; add one and deploy the new version.');
      const node = body.nodeId ? manual.find((c) => c.nodeId === body.nodeId) : manual.length === 1 ? manual[0] : undefined;
      if (!node) {
        const ids = manual.map((c) => c.nodeId);
        const message = body.nodeId
          ? `No manual-trigger node ${body.nodeId} in this graph.`
          : `The graph has ${ids.length} manual-trigger nodes; say which with nodeId.`;
        throw new ApiError(400, 'unknown_node', `${message} Its manual-trigger nodes: ${ids.join(', ')}.`, { nodeIds: ids });
      }
      const nodeParams = plan.steps.find((s) => s.nodeId === node.nodeId)!.params as { action: string };
      const now = new Date();
      const signalId = timeOrderedId('sig');
      // Every press is its own signal: its id and time make its duplicate key unique.
      const raw = { channel: node.channel, action: body.action ?? nodeParams.action, nodeId: node.nodeId, id: signalId, time: now.toISOString() };
      const parsed = normalizeSignal(raw, { source: 'manual', id: signalId, receivedAt: now });
      if (!parsed.ok) throw invalidSignal('The signal is not valid', parsed.problems);
      const result = await ctx.engine.ingest(user.id, parsed.signal, sha256Hex(signalId), 0);
      await writeAudit(ctx.storage.db, { userId: user.id, action: 'deployment.manual', target: row.id, details: { nodeId: node.nodeId, signalId } });
      return result;
    },
  );
  return router;
}
