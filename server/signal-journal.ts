import type BetterSqlite3 from 'better-sqlite3';
import type { Signal } from '../runtime/signal.ts';
import type { RunRecord } from '../runtime/trace.ts';

export type SignalStatus = 'accepted' | 'running' | 'completed' | 'failed' | 'rejected' | 'ignored' | 'duplicate';

export interface JournalEntry {
  userId: string;
  signal: Signal;
  bodyHash: string;
  idempotencyKey?: string;
  /** Running deployments whose graph listens on the signal's source and channel. */
  deploymentIds: readonly string[];
}

export type AcceptResult =
  | { status: 'accepted' | 'ignored'; signalId: string }
  | { status: 'duplicate'; signalId: string; original: string };

export interface PendingRun {
  signalId: string;
  deploymentId: string;
  signal: Signal;
}

/**
 * The signal journal. `accept` is one synchronous SQLite transaction that runs before a webhook is
 * answered: the duplicate check, the signal row and one queued run per target deployment. Whatever was
 * acknowledged is on disk and will be executed, after a crash too.
 */
export class SignalJournal {
  private readonly findById: BetterSqlite3.Statement;
  private readonly findInWindow: BetterSqlite3.Statement;
  private readonly insertSignal: BetterSqlite3.Statement;
  private readonly insertRun: BetterSqlite3.Statement;
  private readonly exists: BetterSqlite3.Statement;
  private readonly finishRunStmt: BetterSqlite3.Statement;
  private readonly runStatuses: BetterSqlite3.Statement;
  private readonly setSignalStatus: BetterSqlite3.Statement;
  private readonly acceptTx: BetterSqlite3.Transaction<(entry: JournalEntry, windowMs: number) => AcceptResult>;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.findById = sqlite.prepare(
      "SELECT id FROM signals WHERE user_id = ? AND dedupe_key = ? AND status <> 'duplicate' ORDER BY received_at LIMIT 1",
    );
    this.findInWindow = sqlite.prepare(
      "SELECT id FROM signals WHERE user_id = ? AND dedupe_key = ? AND received_at >= ? AND status <> 'duplicate' ORDER BY received_at LIMIT 1",
    );
    this.insertSignal = sqlite.prepare(
      `INSERT INTO signals (id, user_id, source, channel, action, signal, dedupe_key, status, received_at, idempotency_key, body_hash)
       VALUES (@id, @userId, @source, @channel, @action, @signal, @dedupeKey, @status, @receivedAt, @idempotencyKey, @bodyHash)`,
    );
    this.insertRun = sqlite.prepare(
      "INSERT INTO signal_runs (signal_id, deployment_id, status, queued_at) VALUES (?, ?, 'queued', ?)",
    );
    this.exists = sqlite.prepare('SELECT 1 FROM signals WHERE id = ?');
    this.finishRunStmt = sqlite.prepare(
      'UPDATE signal_runs SET status = ?, trace = ?, finished_at = ? WHERE signal_id = ? AND deployment_id = ?',
    );
    this.runStatuses = sqlite.prepare('SELECT status FROM signal_runs WHERE signal_id = ?');
    this.setSignalStatus = sqlite.prepare('UPDATE signals SET status = ? WHERE id = ?');
    this.acceptTx = sqlite.transaction((entry: JournalEntry, windowMs: number): AcceptResult => {
      const { signal } = entry;
      const receivedAt = Date.parse(signal.receivedAt);
      // Same alert id + time is the same alert whenever it comes; the same body only within the window.
      const byId = signal.dedupeKey.includes('|id|');
      const original = (
        byId
          ? this.findById.get(entry.userId, signal.dedupeKey)
          : this.findInWindow.get(entry.userId, signal.dedupeKey, receivedAt - windowMs)
      ) as { id: string } | undefined;
      const status: SignalStatus = original ? 'duplicate' : entry.deploymentIds.length ? 'accepted' : 'ignored';
      this.insertSignal.run({
        id: signal.id,
        userId: entry.userId,
        source: signal.source,
        channel: signal.channel,
        action: signal.action,
        signal: JSON.stringify(signal),
        dedupeKey: signal.dedupeKey,
        status,
        receivedAt,
        idempotencyKey: entry.idempotencyKey ?? null,
        bodyHash: entry.bodyHash,
      });
      if (original) return { status: 'duplicate', signalId: signal.id, original: original.id };
      for (const deploymentId of entry.deploymentIds) this.insertRun.run(signal.id, deploymentId, receivedAt);
      return { status: status as 'accepted' | 'ignored', signalId: signal.id };
    });
  }

  accept(entry: JournalEntry, windowMs: number): AcceptResult {
    return this.acceptTx.immediate(entry, windowMs);
  }

  /** Records a finished run and returns the signal's status over all its runs (call inside a transaction). */
  runFinished(signalId: string, deploymentId: string, record: RunRecord, now: number): SignalStatus {
    return this.sqlite.transaction(() => {
      this.finishRunStmt.run(record.status, JSON.stringify(record), now, signalId, deploymentId);
      const statuses = (this.runStatuses.all(signalId) as Array<{ status: string }>).map((r) => r.status);
      const status: SignalStatus = statuses.some((s) => s === 'queued' || s === 'running')
        ? 'running'
        : statuses.includes('failed')
          ? 'failed'
          : statuses.every((s) => s === 'ignored')
            ? 'ignored'
            : 'completed';
      this.setSignalStatus.run(status, signalId);
      return status;
    })();
  }

  /** Runs acknowledged but not finished (a crash, a stop): to run again, oldest first. */
  pendingRuns(): PendingRun[] {
    const rows = this.sqlite
      .prepare(
        `SELECT r.signal_id, r.deployment_id, s.signal FROM signal_runs r JOIN signals s ON s.id = r.signal_id
         WHERE r.status IN ('queued', 'running') ORDER BY r.seq`,
      )
      .all() as Array<{ signal_id: string; deployment_id: string; signal: string }>;
    return rows.map((r) => ({ signalId: r.signal_id, deploymentId: r.deployment_id, signal: JSON.parse(r.signal) as Signal }));
  }

  has(signalId: string): boolean {
    return this.exists.get(signalId) !== undefined;
  }

  /** A Python signal sent again with the same Idempotency-Key. */
  byIdempotencyKey(userId: string, key: string): { id: string; bodyHash: string; status: SignalStatus } | undefined {
    return this.sqlite
      .prepare('SELECT id, body_hash AS bodyHash, status FROM signals WHERE user_id = ? AND idempotency_key = ?')
      .get(userId, key) as { id: string; bodyHash: string; status: SignalStatus } | undefined;
  }
}
