import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';
import { unpackTrace, type PackedRunRecord } from '../../runtime/trace.ts';

const listQuery = z.object({
  deploymentId: z.string().min(1).max(64).optional().describe('Only signals routed to this deployment'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('At most this many, newest first'),
});

/** The signal journal: what arrived, from where, and what each deployment did with it. */
export function signalRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/signals';
  const tag = 'signals';

  route(router, docs, mount, { method: 'get', path: '/', summary: 'Signals, newest first', tag, auth: 'user', query: listQuery }, async ({ query, user }) => {
    let q = ctx.storage.db
      .selectFrom('signals')
      .select(['signals.id', 'signals.source', 'signals.channel', 'signals.action', 'signals.status', 'signals.receivedAt', 'signals.marketAt'])
      .where('signals.userId', '=', user.id);
    if (query.deploymentId) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('signalRuns')
            .select('signalRuns.seq')
            .whereRef('signalRuns.signalId', '=', 'signals.id')
            .where('signalRuns.deploymentId', '=', query.deploymentId!),
        ),
      );
    }
    const rows = await q.orderBy('signals.receivedAt', 'desc').orderBy('signals.id', 'desc').limit(query.limit).execute();
    return rows.map((r) => ({ ...r, status: liveStatus(ctx, r.id, r.status), ...signalTimes(r) }));
  });

  route(
    router,
    docs,
    mount,
    { method: 'get', path: '/:id', summary: 'One signal with each deployment’s run and trace', tag, auth: 'user' },
    async ({ params, user }) => {
      const row = await ctx.storage.db.selectFrom('signals').selectAll().where('id', '=', params.id!).where('userId', '=', user.id).executeTakeFirst();
      if (!row) throw notFound('Signal', params.id!);
      const runs = await ctx.storage.db.selectFrom('signalRuns').selectAll().where('signalId', '=', row.id).orderBy('seq').execute();
      return {
        id: row.id,
        source: row.source,
        channel: row.channel,
        action: row.action,
        status: liveStatus(ctx, row.id, row.status),
        ...signalTimes(row),
        signal: JSON.parse(row.signal) as unknown,
        runs: runs.map((r) => ({
          deploymentId: r.deploymentId,
          status: r.status,
          finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
          trace: r.trace === null ? null : storedTrace(r.trace),
        })),
      };
    },
  );
  return router;
}

/**
 * When a signal arrived: `receivedAt` on the wall clock, `marketAt` on the SIM market's clock (the charts'
 * time line; the same as `receivedAt` for signals journaled before the market time was kept).
 */
export function signalTimes(row: { receivedAt: number; marketAt: number | null }): { receivedAt: string; marketAt: string } {
  return { receivedAt: new Date(row.receivedAt).toISOString(), marketAt: new Date(row.marketAt ?? row.receivedAt).toISOString() };
}

/** The journal records a signal's outcome when its runs finish; while one executes, it is `running`. */
function liveStatus(ctx: AppContext, signalId: string, stored: string): string {
  return stored === 'accepted' && ctx.engine.inProgressSignal(signalId) ? 'running' : stored;
}

/** A run's trace as the runtime made it (stored packed: each message summary once). */
function storedTrace(text: string): unknown {
  const stored = JSON.parse(text) as PackedRunRecord;
  return Array.isArray(stored?.steps) ? unpackTrace(stored) : stored;
}
