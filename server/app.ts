import express from 'express';
import type { AppContext } from './context.ts';
import { userMiddleware } from './auth/authenticate.ts';
import { errorHandler } from './http/api-error.ts';
import { mountEditor } from './http/editor-static.ts';
import { noRoute } from './http/no-route.ts';
import { originCheck } from './http/origin-check.ts';
import { verifyJsonBody } from './http/read-json.ts';
import { requestLog } from './http/request-log.ts';
import { OpenApiRegistry } from './http/openapi.ts';
import { authRoutes } from './routes/auth.ts';
import { BACKTEST_JSON_LIMIT, backtestRoutes } from './routes/backtests.ts';
import { deploymentHistoryRoutes } from './routes/deployment-history.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { graphRoutes } from './routes/graphs.ts';
import { keyRoutes } from './routes/keys.ts';
import { manualRoutes } from './routes/manual.ts';
import { marketTimeRoutes } from './routes/market-time.ts';
import { metaRoutes } from './routes/meta.ts';
import { signalRoutes } from './routes/signals.ts';
import { tradingRoutes } from './routes/trading.ts';
import { userRoutes } from './routes/users.ts';
import { pythonSignalRoutes } from './webhooks/python-signals.ts';
import { tradingViewReceiver, tradingViewRoutes, type AlertReceiver } from './webhooks/tradingview.ts';

/** JSON bodies above this are refused with 413 (webhooks have their own, smaller limit). */
export const JSON_LIMIT = '256kb';

/** The HTTP app without `listen`, so tests drive it with supertest and no port. */
export function createApp(ctx: AppContext): { app: express.Express; docs: OpenApiRegistry; receiveAlert: AlertReceiver } {
  const docs = new OpenApiRegistry();
  const receiveAlert = tradingViewReceiver(ctx);
  const app = express();
  app.disable('x-powered-by');
  // API answers are not cached; hashing every body for an ETag is work for nothing.
  app.set('etag', false);
  app.set('trust proxy', ctx.env.LEGFLOW_TRUSTED_PROXIES);
  app.use(requestLog(ctx.log));
  // Raw bodies: TradingView sends any content type, and Python signatures cover the exact bytes.
  app.use('/hooks/tv', tradingViewRoutes(ctx, docs, receiveAlert));
  app.use('/api/v1/signals', pythonSignalRoutes(ctx, docs));
  // Before any body is read: a cross-site page's change riding on the session cookie stops here.
  app.use(originCheck(ctx.env));
  // Ahead of the app's limit: a backtest may carry a signals file (the body read here is not read again).
  app.use('/api/backtests', express.json({ limit: BACKTEST_JSON_LIMIT, verify: verifyJsonBody }));
  app.use(express.json({ limit: JSON_LIMIT, verify: verifyJsonBody }));
  app.use(userMiddleware(ctx));
  app.use('/api/auth', authRoutes(ctx, docs));
  app.use('/api/keys', keyRoutes(ctx, docs));
  app.use('/api/users', userRoutes(ctx, docs));
  app.use('/api/graphs', graphRoutes(ctx, docs));
  app.use('/api/deployments', deploymentRoutes(ctx, docs));
  app.use('/api/deployments', manualRoutes(ctx, docs));
  app.use('/api/deployments', deploymentHistoryRoutes(ctx, docs));
  app.use('/api/signals', signalRoutes(ctx, docs));
  app.use('/api/backtests', backtestRoutes(ctx, docs));
  app.use('/api', tradingRoutes(ctx, docs));
  app.use('/api', marketTimeRoutes(ctx, docs));
  app.use('/api', metaRoutes(ctx, docs));
  mountEditor(app);
  app.use(['/api', '/hooks'], noRoute(docs));
  app.use(errorHandler(ctx.log));
  return { app, docs, receiveAlert };
}
