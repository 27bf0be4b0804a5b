import { Router } from 'express';
import { coverageWarnings } from '../calendar-status.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

/** The holiday calendar this server runs on: how far each exchange reaches, each year's source and status. */
export function calendarRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  // Public facts (exchange holidays), like /api/health: a monitor can watch coverage without a key.
  route(
    router,
    docs,
    '/api',
    { method: 'get', path: '/market/calendar', summary: 'Exchange holiday calendar: covered years (published or provisional, with sources), holidays, and warnings when coverage ends within 60 days', tag: 'market', auth: 'none' },
    () => {
      const { calendar, clock } = ctx.engine.sim;
      return {
        exchanges: calendar.exchanges.map((exchange) => ({ ...calendar.coverage(exchange), holidays: calendar.holidays(exchange) })),
        warnings: coverageWarnings(calendar, clock.now()),
      };
    },
  );
  return router;
}
