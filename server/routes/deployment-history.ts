import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { HISTORY_CAPACITY } from '../deployments/history-recorder.ts';
import { notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';
import { signalTimes } from './signals.ts';

const historyQuery = z.object({
  since: z.coerce.number().int().min(0).default(0).describe('Only samples and signals at or after this time (epoch ms)'),
  limit: z.coerce.number().int().min(1).max(HISTORY_CAPACITY).default(HISTORY_CAPACITY).describe('At most this many samples, the newest'),
});

/** Signal markers: as many as the samples can carry in an hour of busy alerts. */
const MAX_SIGNALS = 500;

/**
 * A deployment's chart history: what the live view draws from before it was opened. The server samples
 * each deployment once a second (underlying, combined premium of the held legs, MTM) into a bounded ring;
 * signal markers come from the journal.
 */
export function deploymentHistoryRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/deployments';

  route(
    router,
    docs,
    mount,
    {
      method: 'get',
      path: '/:id/history',
      summary: 'Chart history: underlying, combined premium and MTM per second (the last hour), with the signals',
      tag: 'deployments',
      auth: 'user',
      query: historyQuery,
    },
    async ({ params, query, user }) => {
      const row = await ctx.storage.db.selectFrom('deployments').select('id').where('id', '=', params.id!).where('userId', '=', user.id).executeTakeFirst();
      if (!row) throw notFound('Deployment', params.id!);
      const samples = ctx.engine.history.read(row.id, query.since, query.limit);
      const signals = await ctx.storage.db
        .selectFrom('signals')
        .innerJoin('signalRuns', 'signalRuns.signalId', 'signals.id')
        .select(['signals.id', 'signals.source', 'signals.channel', 'signals.action', 'signals.status', 'signals.receivedAt', 'signals.marketAt'])
        .where('signalRuns.deploymentId', '=', row.id)
        // The samples' time line is the market's, so is `since`.
        .where((eb) => eb.fn.coalesce('signals.marketAt', 'signals.receivedAt'), '>=', query.since)
        .orderBy('signals.receivedAt', 'desc')
        .limit(MAX_SIGNALS)
        .execute();
      return {
        deploymentId: row.id,
        underlying: samples?.underlying ?? null,
        time: samples?.time ?? [],
        spot: samples?.spot ?? [],
        premium: samples?.premium ?? [],
        mtm: samples?.mtm ?? [],
        signals: signals.map((s) => ({ ...s, ...signalTimes(s) })),
      };
    },
  );
  return router;
}
