import { z } from 'zod';
import { MAX_EDGES, MAX_NODES, TOO_MANY_EDGES, TOO_MANY_NODES } from '../../runtime/graph-schema.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { newId } from '../ids.ts';

/**
 * What a draft must have to be stored: enough shape to list and reopen it. Everything else may still be
 * unfinished (unknown node types, missing params, loose edges); `validate` and `publish` judge that.
 */
export const draftSchema = z.looseObject({
  schemaVersion: z.literal(1),
  name: z.string().max(120),
  nodes: z.array(z.unknown()).max(MAX_NODES, TOO_MANY_NODES),
  edges: z.array(z.unknown()).max(MAX_EDGES, TOO_MANY_EDGES),
});

export type Draft = z.output<typeof draftSchema>;

export interface StoredGraph {
  id: string;
  name: string;
  rev: number;
  /** The draft JSON with `id` and `rev` set by the server. */
  graph: Record<string, unknown>;
  updatedAt: number;
}

/** A graph of this user, or 404: another user's id looks exactly like a missing one. */
export async function loadGraph(ctx: AppContext, userId: string, id: string): Promise<StoredGraph> {
  const row = await ctx.storage.db
    .selectFrom('graphs')
    .select(['id', 'name', 'rev', 'draft', 'updatedAt'])
    .where('id', '=', id)
    .where('userId', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('Graph', id);
  const graph: Record<string, unknown> = JSON.parse(row.draft);
  return { id: row.id, name: row.name, rev: row.rev, graph, updatedAt: row.updatedAt };
}

export async function createGraph(ctx: AppContext, userId: string, draft: Draft, now = Date.now()): Promise<{ id: string; rev: number }> {
  const id = newId('g');
  const rev = 1;
  await ctx.storage.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('graphs')
      .values({ id, userId, name: draft.name, draft: JSON.stringify({ ...draft, id, rev }), rev, createdAt: now, updatedAt: now })
      .execute();
    await writeAudit(trx, { userId, action: 'graph.create', target: id, details: { name: draft.name } }, now);
  });
  return { id, rev };
}

/**
 * Saves a draft only if `rev` is still the stored one: one conditional UPDATE, so two editors racing can
 * never both win. A stale rev leaves the stored draft untouched and says which rev is current.
 */
export async function updateGraph(ctx: AppContext, userId: string, id: string, draft: Draft, rev: number, now = Date.now()): Promise<{ rev: number }> {
  const next = rev + 1;
  const saved = await ctx.storage.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('graphs')
      .set({ name: draft.name, draft: JSON.stringify({ ...draft, id, rev: next }), rev: next, updatedAt: now })
      .where('id', '=', id)
      .where('userId', '=', userId)
      .where('rev', '=', rev)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await writeAudit(trx, { userId, action: 'graph.update', target: id, details: { rev: next } }, now);
    return true;
  });
  if (saved) return { rev: next };
  const current = await loadGraph(ctx, userId, id);
  throw new ApiError(409, 'stale_rev', `The graph was saved elsewhere (now at rev ${current.rev}, you sent ${rev}); reload it and apply your change again.`, {
    currentRev: current.rev,
  });
}

/**
 * Deletes a graph and its versions. Refused while a deployment runs it, and while stopped deployments
 * still point at it: their signals, runs and orders are history that must keep its graph.
 */
export async function deleteGraph(ctx: AppContext, userId: string, id: string): Promise<void> {
  await loadGraph(ctx, userId, id);
  await ctx.storage.db.transaction().execute(async (trx) => {
    const deployments = await trx.selectFrom('deployments').select(['id', 'status']).where('graphId', '=', id).execute();
    const running = deployments.filter((d) => d.status === 'running').map((d) => d.id);
    if (running.length > 0) {
      throw new ApiError(409, 'in_use', `The graph is running in ${running.length} deployment(s); stop them before deleting it.`, { deployments: running });
    }
    if (deployments.length > 0) {
      throw new ApiError(409, 'has_history', 'Stopped deployments of this graph keep its history, so it cannot be deleted.', {
        deployments: deployments.map((d) => d.id),
      });
    }
    await trx.deleteFrom('graphVersions').where('graphId', '=', id).execute();
    await trx.deleteFrom('graphs').where('id', '=', id).where('userId', '=', userId).execute();
    await writeAudit(trx, { userId, action: 'graph.delete', target: id });
  });
}

export async function listGraphs(ctx: AppContext, userId: string) {
  const rows = await ctx.storage.db
    .selectFrom('graphs')
    .select((eb) => [
      'graphs.id',
      'graphs.name',
      'graphs.rev',
      'graphs.updatedAt',
      eb.selectFrom('graphVersions').select(eb.fn.countAll<number>().as('n')).whereRef('graphVersions.graphId', '=', 'graphs.id').as('versions'),
    ])
    .where('graphs.userId', '=', userId)
    .orderBy('graphs.updatedAt', 'desc')
    .orderBy('graphs.id', 'asc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, rev: r.rev, updatedAt: r.updatedAt, versions: Number(r.versions ?? 0) }));
}
