import type { Logger } from 'pino';
import type { NodeRegistry } from '../runtime/registry.ts';
import type { ApiKeyScope } from './auth/api-keys.ts';
import type { AtRest } from './auth/at-rest.ts';
import type { BacktestRunner } from './backtests/runner.ts';
import type { Revocations } from './auth/revocations.ts';
import type { EngineHost } from './engine-host.ts';
import type { TradingService } from './engine/trading-service.ts';
import type { Storage } from './storage/storage.ts';
import type { Env } from './env.ts';

/** What every route and service of the server is built from; tests build one per app. */
export interface AppContext {
  /** Every table, through the one storage boundary (server/storage/storage.ts). */
  storage: Storage;
  env: Env;
  log: Logger;
  engine: EngineHost;
  /** The node types graphs are checked and compiled against (the shipped catalogue, set once at boot). */
  nodes: NodeRegistry;
  /** What routes ask of the trading world (time, calendar, quotes, accounts' positions): the engine's `trading`. */
  trading: TradingService;
  /** Seals and digests stored secrets under the server key (server/auth/at-rest.ts). */
  atRest: AtRest;
  /** Revoked users, sessions and API keys, for the WebSockets that must close with them. */
  revocations: Revocations;
  /** Backtest jobs, played one at a time in a worker thread (server/backtests/runner.ts). */
  backtests: BacktestRunner;
}

/** The signed-in user a request acts for (from the session cookie or an API key). */
export interface AuthUser {
  id: string;
  username: string;
  /** Set when the request came with an API key: what the key may do. A session may do everything. */
  apiKey?: { id: string; scopes: readonly ApiKeyScope[] };
}
