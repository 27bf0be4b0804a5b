import { Router } from 'express';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';
import { describeSimClock } from '../sim-clock.ts';

/** The SIM clock: what time the SIM market reads, how it runs (real hours, a replay, virtual) and which exchanges are open. */
export function marketClockRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  route(
    router,
    docs,
    '/api',
    { method: 'get', path: '/market/clock', summary: 'The SIM clock: its time, mode (real, replay, virtual), speed and which exchanges are open', tag: 'market', auth: 'user' },
    () => describeSimClock(ctx.engine.sim),
  );
  return router;
}
