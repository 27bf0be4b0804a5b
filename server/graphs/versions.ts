import { validateGraph } from '../../runtime/validate.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { loadGraph } from './graph-store.ts';

/**
 * Freezes the current draft as the next version (1, 2, …). Only a valid graph is published, because
 * deployments run published versions and must never meet a graph that cannot compile.
 */
export async function publishGraph(ctx: AppContext, userId: string, id: string, now = Date.now()): Promise<{ version: number; rev: number }> {
  const stored = await loadGraph(ctx, userId, id);
  const result = validateGraph(stored.graph, ctx.nodes);
  if (!result.ok) {
    throw new ApiError(422, 'invalid_graph', `The graph has ${result.problems.length} problem(s) to fix before it can be published.`, {
      problems: result.problems,
    });
  }
  return ctx.storage.db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('graphVersions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('graphId', '=', id)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await trx
      .insertInto('graphVersions')
      .values({ graphId: id, version, graph: JSON.stringify(stored.graph), createdAt: now })
      .execute();
    await writeAudit(trx, { userId, action: 'graph.publish', target: id, details: { version, rev: stored.rev } }, now);
    return { version, rev: stored.rev };
  });
}

export async function listVersions(ctx: AppContext, userId: string, id: string) {
  await loadGraph(ctx, userId, id);
  return ctx.storage.db.selectFrom('graphVersions').select(['version', 'createdAt']).where('graphId', '=', id).orderBy('version', 'asc').execute();
}

export async function loadVersion(ctx: AppContext, userId: string, id: string, version: string) {
  await loadGraph(ctx, userId, id);
  const n = /^[1-9]\d{0,8}$/.test(version) ? Number(version) : undefined;
  const row =
    n === undefined
      ? undefined
      : await ctx.storage.db
          .selectFrom('graphVersions')
          .select(['version', 'graph', 'createdAt'])
          .where('graphId', '=', id)
          .where('version', '=', n)
          .executeTakeFirst();
  if (!row) throw notFound(`Version ${version} of graph`, id);
  const graph: unknown = JSON.parse(row.graph);
  return { graphId: id, version: row.version, createdAt: row.createdAt, graph };
}
