import type { Kysely } from 'kysely';
import type { Fill, Order } from '../../runtime/broker/types.ts';
import type { GroupSnapshot } from '../../runtime/positions/snapshot.ts';
import type { Signal } from '../../runtime/signal.ts';
import type { RunRecord } from '../../runtime/trace.ts';
import type { Database } from '../db/schema.ts';
import type { HistoryKey } from '../history-page.ts';

/**
 * The one storage boundary of the server. Routes and services hold a `Storage` and nothing below it: the
 * portable query builder for their own reads and writes, and the named stores for the hot path, whose
 * SQLite implementation (server/db/) keeps its prepared statements and writer thread out of sight. Every
 * method that reads answers a promise, so that a PostgreSQL implementation can satisfy the same interface.
 */
export interface Storage {
  /** Kysely over the same tables (camelCase columns): routes' and services' queries, valid on SQLite and PostgreSQL. */
  readonly db: Kysely<Database>;
  readonly journal: SignalJournal;
  readonly trading: TradingRecords;
  readonly credentials: CredentialLookups;
  /** The latest market time the SIM saved (index levels, fills), or null on a fresh store. */
  savedMarketTime(): Promise<number | null>;
  /**
   * The server key's fingerprint this store's secrets are sealed under: remembered on first use. Resolves
   * `differs` when another key was remembered before.
   */
  bindServerKey(fingerprint: string): Promise<'bound' | 'matches' | 'differs'>;
  close(): Promise<void>;
}

export type SignalStatus = 'accepted' | 'running' | 'completed' | 'failed' | 'rejected' | 'ignored' | 'duplicate';

export interface JournalEntry {
  userId: string;
  signal: Signal;
  bodyHash: string;
  idempotencyKey?: string;
  /** Running deployments whose graph listens on the signal's source and channel. */
  deploymentIds: readonly string[];
  /** The market's clock at acceptance, stamped beside the wall-clock `receivedAt`. */
  marketAt: number;
}

/** `rejected`: the same action, id and time as `original` with another body, a conflict (journaled, not run). */
export type StoredAcceptResult =
  | { status: 'accepted' | 'ignored'; signalId: string }
  | { status: 'duplicate' | 'rejected'; signalId: string; original: string }
  | { status: 'exists'; signalId: string };

export type AcceptResult = Exclude<StoredAcceptResult, { status: 'exists' }>;

export interface PendingRun {
  signalId: string;
  deploymentId: string;
  signal: Signal;
  /** `running`: it was resumed at an earlier start and has not finished since. */
  status: 'queued' | 'running';
  /** Times started, as counted at resumes (0 for a run never resumed). */
  attempts: number;
}

/**
 * The signal journal. `accept` is one transaction, committed before a webhook is answered: the duplicate
 * check, the signal row and one queued run per target deployment. Whatever was acknowledged is stored
 * and will be executed, after a crash too.
 */
export interface SignalJournal {
  /** Journals a received signal; resolves once it is stored. */
  accept(entry: JournalEntry, windowMs: number): Promise<AcceptResult>;
  /**
   * Journals a signal the engine made (a position event). A replayed one has the same id as before the
   * restart: it is journaled once and resolves `exists` the second time.
   */
  acceptInternal(entry: JournalEntry): Promise<StoredAcceptResult>;
  /** Records a finished run; resolves with the signal's status over all its runs once stored. */
  runFinished(signalId: string, deploymentId: string, record: RunRecord, now: number): Promise<SignalStatus>;
  /** Runs acknowledged but not finished (a crash, a stop): to run again, oldest first. */
  pendingRuns(): Promise<PendingRun[]>;
  /** Records that a run is starting again, for the `attempts`-th time; resolves once stored. */
  runResumed(signalId: string, deploymentId: string, attempts: number): Promise<void>;
  /** A Python signal sent again with the same Idempotency-Key. */
  byIdempotencyKey(userId: string, key: string): Promise<{ id: string; bodyHash: string; status: SignalStatus } | undefined>;
}

/**
 * Orders, fills, position groups, deployment stops and market levels as the engine reports them, written in
 * the order they happen (the `save*` calls queue; `flush` resolves once all are stored). A run is marked
 * finished only behind the orders it placed, so a crash in between replays the run and the deterministic
 * client order id places nothing twice.
 */
export interface TradingRecords {
  saveLevels(levels: Record<string, number>, at: number): void;
  saveOrder(order: Order): void;
  saveFill(fill: Fill): void;
  /** Snapshots are fresh copies: until stored, only a group's latest one is kept. */
  saveGroup(group: GroupSnapshot, now: number): void;
  /** A deployment stopped by the engine (the kill switch), in order with the exits it placed. */
  saveDeploymentStatus(id: string, status: 'running' | 'stopped', at: number): void;
  flush(): Promise<void>;
  savedLevels(): Promise<Record<string, number>>;
  /** Ids and creation times of the deployment's saved groups older than `before` (all when null), newest first, at most `limit`. */
  groupKeys(deploymentId: string, before: HistoryKey | null, limit: number): Promise<HistoryKey[]>;
  /** Where the deployment's saved group `id` sits in its history; undefined when it has no such group. */
  groupKey(deploymentId: string, id: string): Promise<HistoryKey | undefined>;
  /** The saved groups of these ids, in no particular order. */
  savedGroups(ids: readonly string[]): Promise<GroupSnapshot[]>;
  /** Everything to restore the SIM broker and the position groups after a restart. */
  load(): Promise<{ orders: Order[]; fills: Fill[]; groups: GroupSnapshot[] }>;
}

/** A TradingView channel as its webhook finds it: by the digest of its token. */
export interface ChannelCredential {
  userId: string;
  channel: string;
  tokenHash: string;
  sealedSecret: string;
}

/** An API key as a signed Python signal finds it. */
export interface SigningKeyCredential {
  userId: string;
  signingKey: string;
  scopes: string;
}

/** The lookups on the path of every alert and WebSocket, kept as prepared statements by the SQLite store. */
export interface CredentialLookups {
  channelByTokenHash(tokenHash: string): Promise<ChannelCredential | undefined>;
  signingKey(keyId: string): Promise<SigningKeyCredential | undefined>;
  apiKeyExists(keyId: string): Promise<boolean>;
  /** Whether a session of this token digest is unexpired and its user enabled. */
  sessionLive(tokenHash: string, now: number): Promise<boolean>;
}
