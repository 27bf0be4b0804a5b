import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './db/schema.ts';
import type { EngineHost } from './engine-host.ts';
import type { Env } from './env.ts';

/** What every route and service of the server is built from; tests build one per app. */
export interface AppContext {
  db: Kysely<Database>;
  /** Raw handle for synchronous transactions on the webhook path. */
  sqlite: BetterSqlite3.Database;
  env: Env;
  log: Logger;
  engine: EngineHost;
}

/** The signed-in user a request acts for (from the session cookie or an API key). */
export interface AuthUser {
  id: string;
  username: string;
}
