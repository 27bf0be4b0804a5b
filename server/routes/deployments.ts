import { Router, type Request } from 'express';
import { z } from 'zod';
import { toRupees } from '../../runtime/money.ts';
import { compileGraph, GraphInvalidError, type Plan } from '../../runtime/plan.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { channelsFor } from '../deployments/channels.ts';
import { calendarNeeds, checkDeployCalendar } from '../deployments/calendar-check.ts';
import { describeSchedule, outsideSchedule, scheduleSchema, storedSchedule, type Schedule } from '../deployments/schedule.ts';
import type { DeploymentsTable } from '../db/schema.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';
import { newId } from '../ids.ts';

const createBody = z.object({
  graphId: z.string().min(1).max(64).describe('The graph to deploy'),
  version: z.number().int().min(1).describe('A published version of it (deployments never run a draft)'),
  mode: z.enum(['sim', 'live']).describe('sim: paper trading on a SIM account; live: real orders on a live account'),
  accountId: z.string().min(1).max(64).optional().describe('The account to trade; default: your SIM account'),
  multiplier: z.number().int().min(1).max(100).default(1).describe('Every leg’s lots are multiplied by this'),
  schedule: scheduleSchema.nullable().default(null).describe('Days and IST hours it takes signals (exchange holidays skipped); null: always'),
});

/** Deployments: a published version running for one account, in SIM or live. */
export function deploymentRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/deployments';
  const tag = 'deployments';
  const { exchanges } = ctx.trading.calendar;
  // The schedule's holidays come from the calendar this server loaded.
  const body = createBody.refine((b) => !b.schedule || exchanges.includes(b.schedule.exchange), {
    path: ['schedule', 'exchange'],
    message: `is not in the holiday calendar (known: ${exchanges.join(', ')})`,
  });

  const owned = async (userId: string, id: string): Promise<DeploymentsTable> => {
    const row = await ctx.storage.db.selectFrom('deployments').selectAll().where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
    if (!row) throw notFound('Deployment', id);
    return row;
  };
  const graphOf = async (row: DeploymentsTable): Promise<string> =>
    (
      await ctx.storage.db
        .selectFrom('graphVersions')
        .select('graph')
        .where('graphId', '=', row.graphId)
        .where('version', '=', row.version)
        .executeTakeFirstOrThrow()
    ).graph;
  /** A row as the API shows it: its schedule parsed, and whether the schedule takes signals now. */
  const summary = ({ userId: _userId, schedule: text, ...rest }: DeploymentsTable) => {
    const schedule = storedSchedule(text);
    const closedBecause = schedule && outsideSchedule(schedule, ctx.trading.now(), ctx.trading.calendar);
    return {
      ...rest,
      status: ctx.engine.isRunning(rest.id) ? 'running' : 'stopped',
      schedule: schedule && { ...schedule, description: describeSchedule(schedule), open: !closedBecause, ...(closedBecause ? { closedBecause } : {}) },
    };
  };
  const view = async (row: DeploymentsTable, req: Request) => {
    const plan = compileGraph(JSON.parse(await graphOf(row)) as unknown, ctx.nodes);
    return { ...summary(row), channels: await channelsFor(ctx, row.userId, plan, baseUrl(ctx, req)) };
  };
  /**
   * Refuses (422 calendar_not_covered) a deployment whose holiday calendar ends within 30 days; otherwise the
   * warnings for a provisional calendar in that window, which the create and start answers carry.
   */
  const calendarWarnings = (plan: Plan, schedule: Schedule | null): string[] => {
    const { calendar, instruments } = ctx.trading;
    return checkDeployCalendar(calendar, calendarNeeds(plan, schedule, instruments, calendar.exchanges), ctx.trading.now());
  };
  const start = async (row: DeploymentsTable) => {
    const account = await ctx.storage.db.selectFrom('accounts').selectAll().where('id', '=', row.accountId).executeTakeFirstOrThrow();
    ctx.engine.addAccount(account.id, account.userId, toRupees(account.capitalPaise));
    ctx.engine.start({
      id: row.id,
      userId: row.userId,
      graph: await graphOf(row),
      mode: row.mode,
      accountId: row.accountId,
      multiplier: row.multiplier,
      schedule: row.schedule,
    });
  };

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/', summary: 'Deploy a published version (starts running)', tag, auth: 'user', body, status: 201 },
    async ({ body, user, req }) => {
      const graph = await ctx.storage.db.selectFrom('graphs').select('id').where('id', '=', body.graphId).where('userId', '=', user.id).executeTakeFirst();
      if (!graph) throw notFound('Graph', body.graphId);
      const version = await ctx.storage.db
        .selectFrom('graphVersions')
        .select('graph')
        .where('graphId', '=', body.graphId)
        .where('version', '=', body.version)
        .executeTakeFirst();
      if (!version) throw new ApiError(404, 'unknown_version', `Graph ${body.graphId} has no published version ${body.version}; publish it first.`);
      let accounts = ctx.storage.db.selectFrom('accounts').selectAll().where('userId', '=', user.id);
      accounts = body.accountId ? accounts.where('id', '=', body.accountId) : accounts.where('mode', '=', body.mode);
      const account = await accounts.executeTakeFirst();
      // No live account without a broker adapter: say that, rather than that an account is missing.
      if (!account && !body.accountId && body.mode === 'live') throw liveUnavailable();
      if (!account) throw notFound('Account', body.accountId ?? '(SIM)');
      if (account.mode !== body.mode) {
        throw new ApiError(409, 'mode_mismatch', `A ${body.mode} deployment cannot trade the ${account.mode} account ${account.id}: SIM and live never mix.`, {
          mode: body.mode,
          accountMode: account.mode,
        });
      }
      if (body.mode === 'live') throw liveUnavailable();
      let plan: Plan;
      try {
        plan = compileGraph(JSON.parse(version.graph) as unknown, ctx.nodes);
      } catch (err) {
        if (err instanceof GraphInvalidError) throw new ApiError(422, 'invalid_graph', err.message, { problems: err.problems });
        throw err;
      }
      const warnings = calendarWarnings(plan, body.schedule);
      const now = Date.now();
      const row: DeploymentsTable = {
        id: newId('d'),
        userId: user.id,
        graphId: body.graphId,
        version: body.version,
        mode: body.mode,
        accountId: account.id,
        multiplier: body.multiplier,
        status: 'running',
        createdAt: now,
        updatedAt: now,
        schedule: body.schedule ? JSON.stringify(body.schedule) : null,
      };
      await ctx.storage.db.insertInto('deployments').values(row).execute();
      await writeAudit(ctx.storage.db, {
        userId: user.id,
        action: 'deployment.create',
        target: row.id,
        details: { graphId: row.graphId, version: row.version, mode: row.mode },
      });
      await start(row);
      return { ...(await view(row, req)), warnings };
    },
  );

  route(router, docs, mount, { method: 'get', path: '/', summary: 'Your deployments', tag, auth: 'user' }, async ({ user }) => {
    const rows = await ctx.storage.db.selectFrom('deployments').selectAll().where('userId', '=', user.id).orderBy('createdAt', 'desc').execute();
    return rows.map(summary);
  });

  route(
    router,
    docs,
    mount,
    { method: 'get', path: '/:id', summary: 'A deployment with its channels (webhook URL, secret, alert message)', tag, auth: 'user' },
    async ({ params, user, req }) => view(await owned(user.id, params.id!), req),
  );

  for (const [action, summary] of [
    ['start', 'Start (again) a stopped deployment'],
    ['stop', 'Stop taking signals (open positions stay and keep their stops)'],
    ['squareoff', 'Exit every open leg of the deployment at market'],
  ] as const) {
    route(router, docs, mount, { method: 'post', path: `/:id/${action}`, summary, tag, auth: 'user' }, async ({ params, user, req }) => {
      const row = await owned(user.id, params.id!);
      let warnings: string[] | undefined;
      if (action === 'squareoff') {
        await ctx.engine.squareOff(row.id);
      } else {
        const status = action === 'start' ? 'running' : 'stopped';
        if (action === 'start') {
          warnings = calendarWarnings(compileGraph(JSON.parse(await graphOf(row)) as unknown, ctx.nodes), storedSchedule(row.schedule));
          await start(row);
        } else ctx.engine.stop(row.id);
        await ctx.storage.db.updateTable('deployments').set({ status, updatedAt: Date.now() }).where('id', '=', row.id).execute();
      }
      await writeAudit(ctx.storage.db, { userId: user.id, action: `deployment.${action}`, target: row.id });
      const shown = await view({ ...row }, req);
      return warnings ? { ...shown, warnings } : shown;
    });
  }
  return router;
}

const liveUnavailable = () => new ApiError(422, 'live_unavailable', 'Live trading needs a broker adapter, and none is configured yet; deploy to SIM.');

function baseUrl(ctx: AppContext, req: Request): string {
  return ctx.env.LEGFLOW_PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host') ?? `${ctx.env.HOST}:${ctx.env.PORT}`}`;
}
