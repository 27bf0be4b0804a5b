import { Router } from 'express';
import { coverageWarnings } from '../calendar-status.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

/**
 * Market time: the holiday calendar this server runs on (how far each exchange reaches, each year's source
 * and status) and the SIM clock (its time, how it runs, which exchanges are open).
 */
export function marketTimeRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api';
  const tag = 'market';
  // Public facts (exchange holidays), like /api/health: a monitor can watch coverage without a key.
  route(
    router,
    docs,
    mount,
    {
      method: 'get',
      path: '/market/calendar',
      summary: 'Exchange holiday calendar: covered years (published or provisional, with sources), holidays, and warnings when coverage ends within 60 days',
      tag,
      auth: 'none',
    },
    () => {
      const { calendar } = ctx.trading;
      return {
        exchanges: calendar.exchanges.map((exchange) => ({ ...calendar.coverage(exchange), holidays: calendar.holidays(exchange) })),
        warnings: coverageWarnings(calendar, ctx.trading.now()),
      };
    },
  );
  route(
    router,
    docs,
    mount,
    {
      method: 'get',
      path: '/market/clock',
      summary: 'The SIM clock: its time, mode (real, replay, virtual), speed and which exchanges are open',
      tag,
      auth: 'user',
    },
    () => ctx.trading.clock(),
  );
  return router;
}
