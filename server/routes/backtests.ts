import { createHash } from 'node:crypto';
import { Router } from 'express';
import { backtestRequest, type BacktestRequest, type StoredBacktestRequest } from '../../contracts/backtests.ts';
import { BacktestError } from '../../runtime/backtest/backtest-error.ts';
import { checkSettings, tradingDates, type BacktestSettings } from '../../runtime/backtest/backtest-settings.ts';
import { compileGraph, GraphInvalidError, type Plan } from '../../runtime/plan.ts';
import { addDays, istToMs } from '../../runtime/time.ts';
import type { WorkSignals } from '../backtests/backtest-work.ts';
import { journaledSignals } from '../backtests/journaled-signals.ts';
import { ACTIVE_STATUSES, insertJob, jobSummary, jobWithResult } from '../backtests/jobs.ts';
import type { AppContext } from '../context.ts';
import type { BacktestsTable } from '../db/schema.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';
import { newId } from '../ids.ts';

/** A signals file's text may be this large (a year of minute signals is well under it); past it, 413. */
export const MAX_SIGNALS_BYTES = 2 * 1024 * 1024;
/**
 * The JSON body limit of these routes (the app's is smaller): a signals file of MAX_SIGNALS_BYTES and its
 * escapes (a CSV's quotes and line ends take two characters each in JSON) fit; a bigger body is 413 unread.
 */
export const BACKTEST_JSON_LIMIT = '5mb';
/** The clock's step inside a session, as `legflow backtest` takes it: one minute. */
const STEP_MS = 60_000;

/** Backtests as jobs: queued, played in a worker thread one at a time, progress on /ws, results kept per user. */
export function backtestRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/backtests';
  const tag = 'backtests';
  // A backtest plays on the server's calendar (the user's holidays file laid over the shipped one): a range
  // is checked against the same one.
  const calendar = ctx.trading.calendar;

  const owned = async (userId: string, id: string): Promise<BacktestsTable> => {
    const row = await ctx.storage.db.selectFrom('backtests').selectAll().where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
    if (!row) throw notFound('Backtest', id);
    return row;
  };

  /** The published version of one of the user's graphs, compiled: 404 for another's or an unpublished one. */
  const planOf = async (userId: string, graphId: string, version: number): Promise<Plan> => {
    const graph = await ctx.storage.db.selectFrom('graphs').select('id').where('id', '=', graphId).where('userId', '=', userId).executeTakeFirst();
    if (!graph) throw notFound('Graph', graphId);
    const published = await ctx.storage.db
      .selectFrom('graphVersions')
      .select('graph')
      .where('graphId', '=', graphId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (!published) throw new ApiError(404, 'unknown_version', `Graph ${graphId} has no published version ${version}; publish it first.`);
    try {
      return compileGraph(JSON.parse(published.graph) as unknown, ctx.nodes);
    } catch (err) {
      if (err instanceof GraphInvalidError) throw new ApiError(422, 'invalid_graph', err.message, { problems: err.problems });
      throw err;
    }
  };

  /** The signals as the worker gets them: a journal read here (one query), a file's text as sent. */
  const signalsOf = async (userId: string, body: BacktestRequest): Promise<WorkSignals> => {
    const source = body.signals;
    if (source === undefined) return { kind: 'none' };
    if (source.kind === 'csv') return source;
    const deployment = await ctx.storage.db
      .selectFrom('deployments')
      .select('id')
      .where('id', '=', source.deploymentId)
      .where('userId', '=', userId)
      .executeTakeFirst();
    if (!deployment) throw notFound('Deployment', source.deploymentId);
    const range = { fromMs: istToMs(body.from), toMs: istToMs(addDays(body.to, 1)) };
    return { kind: 'journal', deploymentId: deployment.id, ...(await journaledSignals(ctx.storage, deployment.id, range)) };
  };

  route(
    router,
    docs,
    mount,
    {
      method: 'post',
      path: '/',
      summary: 'Queue a backtest of a published version (202; progress on /ws, the result at GET /api/backtests/:id)',
      tag,
      auth: 'user',
      body: backtestRequest,
      status: 202,
    },
    async ({ body, user }) => {
      const bytes = body.signals?.kind === 'csv' ? Buffer.byteLength(body.signals.text) : 0;
      if (bytes > MAX_SIGNALS_BYTES) {
        throw new ApiError(413, 'signals_too_large', `The signals file is ${bytes} bytes; a backtest takes at most ${MAX_SIGNALS_BYTES}: split the range.`, {
          bytes,
          limit: MAX_SIGNALS_BYTES,
        });
      }
      const settings: BacktestSettings = { from: body.from, to: body.to, seed: body.seed, capital: body.capital, stepMs: STEP_MS };
      try {
        checkSettings(settings);
      } catch (err) {
        if (err instanceof BacktestError) throw new ApiError(400, 'invalid_settings', err.message);
        throw err;
      }
      // A range the calendar does not reach is 422 calendar_not_covered (the error handler maps it).
      const days = tradingDates(calendar, body.from, body.to).length;
      const plan = await planOf(user.id, body.graphId, body.version);
      const signals = await signalsOf(user.id, body);
      const request: StoredBacktestRequest = {
        graphId: body.graphId,
        version: body.version,
        from: body.from,
        to: body.to,
        seed: body.seed,
        capital: body.capital,
        signals:
          signals.kind === 'csv'
            ? { kind: 'csv', bytes, sha256: createHash('sha256').update(signals.text).digest('hex') }
            : signals.kind === 'journal'
              ? { kind: 'journal', deploymentId: signals.deploymentId }
              : null,
      };
      const row: BacktestsTable = {
        id: newId('bt'),
        userId: user.id,
        status: 'queued',
        request: JSON.stringify(request),
        progressDay: 0,
        progressDays: days,
        result: null,
        error: null,
        createdAt: Date.now(),
        startedAt: null,
        finishedAt: null,
      };
      await insertJob(ctx.storage.db, row);
      ctx.backtests.submit({ id: row.id, userId: user.id, days, work: { graph: plan.graph, settings, signals, calendar: calendar.file } });
      return jobWithResult(row);
    },
  );

  route(
    router,
    docs,
    mount,
    { method: 'get', path: '/', summary: 'Your backtests, newest first, without their results', tag, auth: 'user' },
    async ({ user }) => {
      const rows = await ctx.storage.db
        .selectFrom('backtests')
        .select(['id', 'userId', 'status', 'request', 'progressDay', 'progressDays', 'error', 'createdAt', 'startedAt', 'finishedAt'])
        .where('userId', '=', user.id)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(jobSummary);
    },
  );

  route(
    router,
    docs,
    mount,
    { method: 'get', path: '/:id', summary: 'A backtest, with its result once completed', tag, auth: 'user' },
    async ({ params, user }) => jobWithResult(await owned(user.id, params.id!)),
  );

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/:id/cancel', summary: 'Cancel a queued or running backtest (409 once it finished)', tag, auth: 'user' },
    async ({ params, user }) => {
      const row = await owned(user.id, params.id!);
      if (row.status !== 'cancelled' && !(await ctx.backtests.cancel(row.id))) {
        // It may have just ended: its ending is stored once the runner's writes are.
        await ctx.backtests.idle();
        const now = await owned(user.id, row.id);
        if (now.status !== 'cancelled') {
          throw new ApiError(409, 'backtest_finished', `Backtest ${row.id} is ${now.status}: only a queued or running backtest can be cancelled.`, {
            status: now.status,
          });
        }
      }
      return jobWithResult(await owned(user.id, row.id));
    },
  );

  route(
    router,
    docs,
    mount,
    {
      method: 'delete',
      path: '/:id',
      summary: 'Delete a backtest and its result (cancelling it first if it is queued or running)',
      tag,
      auth: 'user',
      status: 204,
    },
    async ({ params, user, res }) => {
      const row = await owned(user.id, params.id!);
      if ((ACTIVE_STATUSES as readonly string[]).includes(row.status)) await ctx.backtests.cancel(row.id);
      await ctx.storage.db.deleteFrom('backtests').where('id', '=', row.id).execute();
      res.status(204).end();
    },
  );
  return router;
}
