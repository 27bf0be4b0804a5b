import type BetterSqlite3 from 'better-sqlite3';
import type { Signal } from '../runtime/signal.ts';
import { packTrace, type RunRecord } from '../runtime/trace.ts';
import type { AcceptEntry, AcceptResult as StoredAcceptResult, SignalStatus } from './db/write-ops.ts';
import type { Writer } from './db/writer.ts';

export type { SignalStatus } from './db/write-ops.ts';

export interface JournalEntry {
  userId: string;
  signal: Signal;
  bodyHash: string;
  idempotencyKey?: string;
  /** Running deployments whose graph listens on the signal's source and channel. */
  deploymentIds: readonly string[];
}

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
 * check, the signal row and one queued run per target deployment. Whatever was acknowledged is on disk
 * and will be executed, after a crash too. Writes go through the writer; reads use this connection.
 */
export class SignalJournal {
  private readonly pending: BetterSqlite3.Statement;
  private readonly byKey: BetterSqlite3.Statement;

  /** `marketNow`: the SIM market's clock, stamped on each signal beside the wall-clock `receivedAt`. */
  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly writer: Writer,
    private readonly marketNow: () => number,
  ) {
    this.pending = sqlite.prepare(
      `SELECT r.signal_id, r.deployment_id, r.status, r.attempts, s.signal FROM signal_runs r JOIN signals s ON s.id = r.signal_id
       WHERE r.status IN ('queued', 'running') ORDER BY r.seq`,
    );
    this.byKey = sqlite.prepare('SELECT id, body_hash AS bodyHash, status FROM signals WHERE user_id = ? AND idempotency_key = ?');
  }

  /** Journals a received signal; resolves once it is on disk. */
  accept(entry: JournalEntry, windowMs: number): Promise<AcceptResult> {
    return this.writer.request<AcceptResult>({ kind: 'accept', entry: toStored(entry, false, this.marketNow()), windowMs });
  }

  /**
   * Journals a signal the engine made (a position event). A replayed one has the same id as before the
   * restart: it is journaled once and resolves `exists` the second time.
   */
  acceptInternal(entry: JournalEntry): Promise<StoredAcceptResult> {
    return this.writer.request<StoredAcceptResult>({ kind: 'accept', entry: toStored(entry, true, this.marketNow()), windowMs: 0 });
  }

  /** Records a finished run; resolves with the signal's status over all its runs once on disk. */
  runFinished(signalId: string, deploymentId: string, record: RunRecord, now: number): Promise<SignalStatus> {
    return this.writer.request<SignalStatus>({ kind: 'run-finished', signalId, deploymentId, status: record.status, trace: packTrace(record), now });
  }

  /** Runs acknowledged but not finished (a crash, a stop): to run again, oldest first. */
  pendingRuns(): PendingRun[] {
    const rows = this.pending.all() as Array<{ signal_id: string; deployment_id: string; status: 'queued' | 'running'; attempts: number; signal: string }>;
    return rows.map((r) => ({ signalId: r.signal_id, deploymentId: r.deployment_id, status: r.status, attempts: r.attempts, signal: JSON.parse(r.signal) as Signal }));
  }

  /** Records that a run is starting again, for the `attempts`-th time; resolves once that is on disk. */
  runResumed(signalId: string, deploymentId: string, attempts: number): Promise<void> {
    return this.writer.request<void>({ kind: 'run-resumed', signalId, deploymentId, attempts });
  }

  /** A Python signal sent again with the same Idempotency-Key. */
  byIdempotencyKey(userId: string, key: string): { id: string; bodyHash: string; status: SignalStatus } | undefined {
    return this.byKey.get(userId, key) as { id: string; bodyHash: string; status: SignalStatus } | undefined;
  }
}

function toStored(entry: JournalEntry, internal: boolean, marketAt: number): AcceptEntry {
  const { signal } = entry;
  return {
    userId: entry.userId,
    signalId: signal.id,
    source: signal.source,
    channel: signal.channel,
    action: signal.action,
    signal: JSON.stringify(signal),
    dedupeKey: signal.dedupeKey,
    dedupeById: signal.dedupeKey.includes('|id|'),
    receivedAt: Date.parse(signal.receivedAt),
    marketAt,
    bodyHash: entry.bodyHash,
    idempotencyKey: entry.idempotencyKey ?? null,
    deploymentIds: entry.deploymentIds,
    internal,
  };
}
