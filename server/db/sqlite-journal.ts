import type BetterSqlite3 from 'better-sqlite3';
import { packTrace, type RunRecord } from '../../runtime/trace.ts';
import type { AcceptResult, JournalEntry, PendingRun, SignalJournal, SignalStatus, StoredAcceptResult } from '../storage/storage.ts';
import type { AcceptEntry } from './write-ops.ts';
import type { Writer } from './writer.ts';

/** The signal journal on SQLite: writes through the writer (one transaction per batch), reads on this connection. */
export class SqliteSignalJournal implements SignalJournal {
  private readonly pending: BetterSqlite3.Statement;
  private readonly byKey: BetterSqlite3.Statement;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly writer: Writer,
  ) {
    this.pending = sqlite.prepare(
      `SELECT r.signal_id, r.deployment_id, r.status, r.attempts, s.signal FROM signal_runs r JOIN signals s ON s.id = r.signal_id
       WHERE r.status IN ('queued', 'running') ORDER BY r.seq`,
    );
    this.byKey = sqlite.prepare('SELECT id, body_hash AS bodyHash, status FROM signals WHERE user_id = ? AND idempotency_key = ?');
  }

  accept(entry: JournalEntry, windowMs: number): Promise<AcceptResult> {
    return this.writer.request<AcceptResult>({ kind: 'accept', entry: toStored(entry, false), windowMs });
  }

  acceptInternal(entry: JournalEntry): Promise<StoredAcceptResult> {
    return this.writer.request<StoredAcceptResult>({ kind: 'accept', entry: toStored(entry, true), windowMs: 0 });
  }

  runFinished(signalId: string, deploymentId: string, record: RunRecord, now: number): Promise<SignalStatus> {
    return this.writer.request<SignalStatus>({ kind: 'run-finished', signalId, deploymentId, status: record.status, trace: packTrace(record), now });
  }

  pendingRuns(): Promise<PendingRun[]> {
    const rows = this.pending.all() as Array<{ signal_id: string; deployment_id: string; status: 'queued' | 'running'; attempts: number; signal: string }>;
    return Promise.resolve(
      rows.map((r) => ({
        signalId: r.signal_id,
        deploymentId: r.deployment_id,
        status: r.status,
        attempts: r.attempts,
        signal: JSON.parse(r.signal) as PendingRun['signal'],
      })),
    );
  }

  runResumed(signalId: string, deploymentId: string, attempts: number): Promise<void> {
    return this.writer.request<void>({ kind: 'run-resumed', signalId, deploymentId, attempts });
  }

  byIdempotencyKey(userId: string, key: string): Promise<{ id: string; bodyHash: string; status: SignalStatus } | undefined> {
    return Promise.resolve(this.byKey.get(userId, key) as { id: string; bodyHash: string; status: SignalStatus } | undefined);
  }
}

function toStored(entry: JournalEntry, internal: boolean): AcceptEntry {
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
    marketAt: entry.marketAt,
    bodyHash: entry.bodyHash,
    idempotencyKey: entry.idempotencyKey ?? null,
    deploymentIds: entry.deploymentIds,
    internal,
  };
}
