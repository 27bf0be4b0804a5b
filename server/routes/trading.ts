import { groupGreeks, legGreeks } from '../../runtime/positions/greeks.ts';
import { Router } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';
import { expiryParam, toExpiryRule } from '../../runtime/market/expiry-setting.ts';
import { MarketError } from '../../runtime/market/market-error.ts';
import { toPaise, toRupees } from '../../runtime/money.ts';
import { modificationsFromStored } from '../storage/order-modifications.ts';
import { orderView } from '../views/order-view.ts';
import { HISTORY_ORDER, NEWEST_FIRST, pageOf, pageQuery, unknownCursor } from '../history-page.ts';
import { groupsNewestFirst } from './position-groups.ts';

const byDeployment = z.object({ deploymentId: z.string().min(1).max(64).optional().describe('Only this deployment’s') });
const ordersQuery = byDeployment.extend(pageQuery('orders', 500));
/** A page of groups: enough for the live view of a busy day, and the Link header to the rest. */
const positionsQuery = byDeployment.extend(pageQuery('position groups (with deploymentId)', 100));
const totalsQuery = z.object({ deploymentId: z.string().min(1).max(64).describe('The deployment') });
const quoteQuery = z.object({
  symbol: z.string().min(1).max(64).describe('An underlying (NIFTY), an option symbol (NIFTY01DEC2626000CE) or a listed index future (NIFTY29DEC26FUT)'),
});
const instrumentQuery = z.object({ underlying: z.string().min(1).max(32).describe('NIFTY, BANKNIFTY, …') });
const expiriesBody = z.object({
  underlying: z.string().min(1).max(32).describe('NIFTY, BANKNIFTY, …'),
  expiries: z.array(expiryParam).min(1).max(20).describe("Expiry settings as leg nodes hold them (e.g. {kind: 'next-week'})"),
});
const chainQuery = z.object({
  underlying: z.string().min(1).max(32).describe('NIFTY, BANKNIFTY, …'),
  expiry: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
    .optional()
    .describe('Expiry date; default: the nearest'),
  around: z.coerce.number().int().min(1).max(50).default(10).describe('Strikes on each side of ATM'),
});

/** Orders, positions, accounts and the market, as the SIM broker and the position groups hold them. */
const accountLimitBody = z
  .object({
    maxDailyLoss: z
      .number()
      .positive()
      .max(1e9)
      .nullable()
      .describe(
        'When the day’s loss of all deployments on the account (realised + open) reaches this many rupees, everything is exited and they stop; null = none',
      ),
  })
  .strict();

export function tradingRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const tag = 'trading';
  const { trading } = ctx;

  const ownDeployment = async (userId: string, id: string) => {
    const row = await ctx.storage.db.selectFrom('deployments').select('id').where('id', '=', id).where('userId', '=', userId).executeTakeFirst();
    if (!row) throw notFound('Deployment', id);
  };
  const accountsOf = (userId: string) => ctx.storage.db.selectFrom('accounts').selectAll().where('userId', '=', userId).execute();

  route(
    router,
    docs,
    '/api',
    { method: 'get', path: '/orders', summary: 'Orders, a page at a time (Link header to the next), newest first', tag, auth: 'user', query: ordersQuery },
    async ({ query, user, req, res }) => {
      if (query.deploymentId) await ownDeployment(user.id, query.deploymentId);
      const accountIds = (await accountsOf(user.id)).map((a) => a.id);
      if (accountIds.length === 0) return [];
      let q = ctx.storage.db.selectFrom('orders').selectAll().where('accountId', 'in', accountIds);
      if (query.deploymentId) q = q.where('deploymentId', '=', query.deploymentId);
      if (query.before !== undefined) {
        const from = await q.clearSelect().select(['id', 'createdAt']).where('id', '=', query.before).executeTakeFirst();
        if (!from) throw unknownCursor(query.before, 'orders');
        q = q.where(sql<boolean>`${sql.raw(HISTORY_ORDER)} < (${from.createdAt}, ${from.id.length}, ${from.id})`);
      }
      const rows = await q
        .orderBy(sql.raw(NEWEST_FIRST))
        .limit(query.limit + 1)
        .execute();
      // As the broker reports them, so REST and `order.updated` show an order through one view.
      return pageOf(req, res, rows, query.limit).map(({ deploymentId, rejectReason, modifications, ...o }) =>
        orderView({
          ...o,
          price: o.pricePaise === null ? null : toRupees(o.pricePaise),
          avgFillPrice: o.avgFillPricePaise === null ? null : toRupees(o.avgFillPricePaise),
          ...(deploymentId !== null && { tag: deploymentId }),
          ...(rejectReason !== null && { rejectReason }),
          ...(modifications !== null && { modifications: modificationsFromStored(modifications) }),
        }),
      );
    },
  );

  route(
    router,
    docs,
    '/api',
    {
      method: 'get',
      path: '/positions',
      summary: 'Open positions with P&L (per deployment: its position groups, a page at a time, oldest first, Link header to older ones)',
      tag,
      auth: 'user',
      query: positionsQuery,
    },
    async ({ query, user, req, res }) => {
      if (query.deploymentId) {
        await ownDeployment(user.id, query.deploymentId);
        const greeksOf = (symbol: string) => trading.greeks(symbol);
        // Oldest first, as this answer has always been.
        const groups = pageOf(
          req,
          res,
          await groupsNewestFirst(trading, ctx.engine.store, query.deploymentId, query.before, query.limit + 1),
          query.limit,
        ).reverse();
        return groups.map((g) => {
          const legs = g.legs.map((l) => ({ ...l, ltp: trading.quote(l.symbol)?.ltp ?? null, greeks: legGreeks(l, greeksOf) }));
          return { ...g, greeks: groupGreeks(legs.map((l) => l.greeks)), legs };
        });
      }
      const out = [];
      for (const account of await accountsOf(user.id)) {
        if (account.mode === 'sim') out.push(...(await trading.positions(account.id).catch(() => [])));
      }
      return out;
    },
  );

  // The positions answer is a page; the live view's MTM is over every group, so it comes from here.
  route(
    router,
    docs,
    '/api',
    {
      method: 'get',
      path: '/positions/totals',
      summary: 'A deployment’s MTM over all its groups (not a page of them), the combined premium and the number of legs it holds, now',
      tag,
      auth: 'user',
      query: totalsQuery,
    },
    async ({ query, user }) => {
      await ownDeployment(user.id, query.deploymentId);
      return { deploymentId: query.deploymentId, ...ctx.engine.history.marks(query.deploymentId) };
    },
  );

  route(
    router,
    docs,
    '/api',
    { method: 'get', path: '/accounts', summary: 'Your accounts with capital, cash, P&L, charges and margin used and free', tag, auth: 'user' },
    async ({ user }) => {
      const rows = await accountsOf(user.id);
      return Promise.all(
        rows.map(async (a) => {
          const funds = a.mode === 'sim' ? await trading.funds(a.id).catch(() => undefined) : undefined;
          const maxDailyLoss = a.maxDailyLossPaise === null ? null : toRupees(a.maxDailyLossPaise);
          // SIM money as the broker keeps it (see docs/server.md, Accounts): P&L gross, charges apart, equity net.
          const money = funds && {
            cash: funds.cash,
            realisedPnl: funds.realisedPnl,
            unrealisedPnl: funds.unrealisedPnl,
            charges: funds.charges,
            equity: funds.equity,
            marginUsed: funds.marginUsed,
            marginFree: funds.marginFree,
          };
          return { id: a.id, name: a.name, mode: a.mode, capital: toRupees(a.capitalPaise), maxDailyLoss, ...money };
        }),
      );
    },
  );

  route(
    router,
    docs,
    '/api',
    {
      method: 'patch',
      path: '/accounts/:id',
      summary: 'Set the account’s daily loss limit (kill switch), in rupees; null removes it',
      tag,
      auth: 'user',
      body: accountLimitBody,
    },
    async ({ body, params, user }) => {
      const account = (await accountsOf(user.id)).find((a) => a.id === params.id);
      if (!account) throw notFound('Account', params.id!);
      const paise = body.maxDailyLoss === null ? null : toPaise(body.maxDailyLoss);
      await ctx.storage.db.updateTable('accounts').set({ maxDailyLossPaise: paise }).where('id', '=', account.id).execute();
      trading.setAccountDailyLoss(account.id, body.maxDailyLoss);
      return { id: account.id, maxDailyLoss: body.maxDailyLoss };
    },
  );

  route(
    router,
    docs,
    '/api',
    { method: 'get', path: '/market/quote', summary: 'Last price, bid and ask of a symbol', tag: 'market', auth: 'user', query: quoteQuery },
    ({ query }) => {
      const quote = trading.quote(query.symbol.toUpperCase());
      if (!quote) throw new ApiError(404, 'unknown_symbol', `No quote for ${query.symbol}: not a listed underlying, option or future.`);
      return { ...quote, time: new Date(quote.time).toISOString() };
    },
  );

  const knownUnderlying = (name: string) => {
    const underlying = name.toUpperCase();
    if (!trading.instruments.has(underlying)) throw new ApiError(404, 'unknown_underlying', `${underlying} is not in the instrument list.`);
    return underlying;
  };

  route(
    router,
    docs,
    '/api',
    {
      method: 'get',
      path: '/market/instrument',
      summary: 'An underlying: lot size, strike step, freeze quantity and listed expiries',
      tag: 'market',
      auth: 'user',
      query: instrumentQuery,
    },
    ({ query }) => {
      const underlying = knownUnderlying(query.underlying);
      return { ...trading.instruments.get(underlying), listed: trading.instruments.listExpiries(underlying, trading.now()) };
    },
  );

  route(
    router,
    docs,
    '/api',
    {
      method: 'post',
      path: '/market/expiries',
      summary: 'The expiry date each expiry setting picks now, as a leg node would',
      tag: 'market',
      auth: 'user',
      scope: 'read',
      body: expiriesBody,
    },
    ({ body }) => {
      const underlying = knownUnderlying(body.underlying);
      const now = trading.now();
      try {
        return { expiries: body.expiries.map((e) => trading.instruments.resolveExpiry(underlying, toExpiryRule(e), now)) };
      } catch (err) {
        if (err instanceof MarketError) throw new ApiError(400, 'invalid_expiry', err.message, err.details);
        throw err;
      }
    },
  );

  route(
    router,
    docs,
    '/api',
    { method: 'get', path: '/market/chain', summary: 'Option chain around ATM with greeks', tag: 'market', auth: 'user', query: chainQuery },
    ({ query }) => {
      const underlying = query.underlying.toUpperCase();
      if (!trading.instruments.has(underlying)) throw new ApiError(404, 'unknown_underlying', `${underlying} is not in the instrument list.`);
      const now = trading.now();
      const expiry = query.expiry ?? trading.instruments.resolveExpiry(underlying, { kind: 'current-week' }, now);
      if (!trading.instruments.isListed(underlying, expiry, now)) {
        throw new ApiError(404, 'unknown_expiry', `${underlying} has no listed expiry on ${expiry}.`, {
          listed: trading.instruments.listExpiries(underlying, now),
        });
      }
      return trading.chain(underlying, expiry, query.around);
    },
  );
  return router;
}
