import type { Generated } from 'kysely';

/**
 * Table types for Kysely. Columns are snake_case in the database and camelCase here (CamelCasePlugin).
 * Money is integer paise; times are epoch milliseconds; JSON documents are text. Nothing here needs
 * SQLite-only SQL, so the same queries run on PostgreSQL later.
 */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  apiKeys: ApiKeysTable;
  serverKey: ServerKeyTable;
  graphs: GraphsTable;
  graphVersions: GraphVersionsTable;
  accounts: AccountsTable;
  deployments: DeploymentsTable;
  channels: ChannelsTable;
  signals: SignalsTable;
  signalRuns: SignalRunsTable;
  orders: OrdersTable;
  fills: FillsTable;
  positionGroups: PositionGroupsTable;
  auditLog: AuditLogTable;
  marketLevels: MarketLevelsTable;
  backtests: BacktestsTable;
}

export interface MarketLevelsTable {
  underlying: string;
  level: number;
  at: number;
}

export interface UsersTable {
  id: string;
  username: string;
  passwordHash: string;
  createdAt: number;
  /** When the administrator disabled the user; null while active. */
  disabledAt: number | null;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a stolen database does not hold usable sessions. */
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

/** Nothing here signs or authenticates without the server key (server/auth/at-rest.ts, migration 0009). */
export interface ApiKeysTable {
  id: string;
  userId: string;
  name: string;
  /** Space-separated: `signals`, `read`, `manage`. */
  scopes: string;
  /** HMAC under the server key of the hex sha256 of the secret part of `lf_<id>_<secret>`: checks a bearer key. */
  bearerHash: string;
  /** The signing key of v2 signatures, sealed under the server key. */
  signingKey: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** One row: the fingerprint of the server key the secrets are sealed with; another key is refused at start. */
export interface ServerKeyTable {
  id: number;
  fingerprint: string;
}

export interface GraphsTable {
  id: string;
  userId: string;
  name: string;
  /** The draft graph JSON the editor saves. */
  draft: string;
  rev: number;
  createdAt: number;
  updatedAt: number;
}

export interface GraphVersionsTable {
  graphId: string;
  version: number;
  /** Immutable published graph JSON. */
  graph: string;
  createdAt: number;
}

export interface AccountsTable {
  id: string;
  userId: string;
  name: string;
  mode: 'sim' | 'live';
  capitalPaise: number;
  createdAt: number;
  /** The account's kill switch: daily loss limit in paise, or null. */
  maxDailyLossPaise: number | null;
}

export interface DeploymentsTable {
  id: string;
  userId: string;
  graphId: string;
  version: number;
  mode: 'sim' | 'live';
  accountId: string;
  multiplier: number;
  status: 'running' | 'stopped';
  createdAt: number;
  updatedAt: number;
  /** JSON of the days and IST hours it takes signals (server/deployments/schedule.ts); null for always. */
  schedule: string | null;
}

/** A TradingView channel: the webhook token names it; the secret rides in the alert body. */
export interface ChannelsTable {
  /** HMAC under the server key of the high-entropy token in the webhook URL: how a webhook finds its channel. */
  tokenHash: string;
  userId: string;
  channel: string;
  /** The token and the alert secret, sealed: shown again to their owner, compared in constant time. */
  sealedToken: string;
  sealedSecret: string;
  createdAt: number;
}

/** The signal journal: written before a webhook is answered; a row here is never lost. */
export interface SignalsTable {
  id: string;
  userId: string;
  source: string;
  channel: string;
  action: string;
  /** The normalised signal as JSON. */
  signal: string;
  dedupeKey: string;
  status: 'accepted' | 'running' | 'completed' | 'failed' | 'rejected' | 'ignored' | 'duplicate';
  receivedAt: number;
  /** The SIM market's clock when it was accepted (a replayed or virtual clock differs from the wall); null before migration 0007. */
  marketAt: number | null;
  /** Python signals: the Idempotency-Key header. */
  idempotencyKey: string | null;
  /** sha256 of the raw body: a reused Idempotency-Key with another body is refused. */
  bodyHash: string;
}

/** One deployment's run of one signal, in arrival order (`seq`). */
export interface SignalRunsTable {
  seq: Generated<number>;
  signalId: string;
  deploymentId: string;
  /** `running`: resumed after a stop, and not finished since. */
  status: 'queued' | 'running' | 'completed' | 'failed' | 'ignored';
  /** Times started, counted when a run is resumed after a stop (migration 0008); 0 for a run never resumed. */
  attempts: Generated<number>;
  /** RunRecord JSON once run. */
  trace: string | null;
  queuedAt: number;
  finishedAt: number | null;
}

/** A table's row as raw better-sqlite3 reads it (`SELECT *`, no CamelCasePlugin): snake_case columns. */
export type SnakeCaseRow<T> = { [K in keyof T as SnakeCase<K & string>]: T[K] };
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

export interface OrdersTable {
  id: string;
  accountId: string;
  clientOrderId: string;
  deploymentId: string | null;
  symbol: string;
  side: 'BUY' | 'SELL';
  qty: number;
  type: 'MARKET' | 'LIMIT';
  pricePaise: number | null;
  status: 'OPEN' | 'FILLED' | 'REJECTED' | 'CANCELLED';
  filledQty: number;
  avgFillPricePaise: number | null;
  rejectReason: string | null;
  createdAt: number;
  updatedAt: number;
  /** JSON `[{time, type, pricePaise}]`, oldest first; null when never modified. */
  modifications: string | null;
}

export interface FillsTable {
  id: string;
  orderId: string;
  accountId: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  qty: number;
  pricePaise: number;
  time: number;
}

/** A deployment's position group (legs, risk, entry and exit) as JSON, rewritten on every change. */
export interface PositionGroupsTable {
  id: string;
  deploymentId: string;
  accountId: string;
  status: 'open' | 'closed';
  state: string;
  createdAt: number;
  updatedAt: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  userId: string | null;
  action: string;
  target: string | null;
  details: string;
  at: number;
}

/** A backtest job (server/backtests/): queued, run in a worker thread, its result kept as JSON. */
export interface BacktestsTable {
  id: string;
  userId: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  /** JSON of what was asked (contracts/backtests.ts `storedBacktestRequest`): graph, version, range, seed, capital, signals source. */
  request: string;
  /** Trading days played so far, of `progressDays`. */
  progressDay: number;
  progressDays: number;
  /** JSON of the result once completed; null before. */
  result: string | null;
  /** JSON `{code, message, details}` when failed; null otherwise. */
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}
