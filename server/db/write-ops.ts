import type BetterSqlite3 from 'better-sqlite3';
import type { SignalStatus, StoredAcceptResult as AcceptResult } from '../storage/storage.ts';
import type { FillsTable, OrdersTable } from './schema.ts';

/**
 * Every write of the trading hot path as plain data, so that it can be applied on this thread or posted
 * to the writer thread: the signal journal (accept, run finished), orders, fills, position groups and
 * market levels. Rows are already in storage units (paise, epoch ms, JSON text).
 */
export type WriteOp =
  | { kind: 'accept'; entry: AcceptEntry; windowMs: number }
  | { kind: 'run-finished'; signalId: string; deploymentId: string; status: string; trace: unknown; now: number }
  /** A run started again after a stop, for the `attempts`-th time (server/engine-host.ts `resumePending`). */
  | { kind: 'run-resumed'; signalId: string; deploymentId: string; attempts: number }
  | { kind: 'order'; row: OrderRow }
  | { kind: 'fill'; row: FillRow }
  | { kind: 'group'; row: GroupRow }
  | { kind: 'levels'; levels: Record<string, number>; at: number }
  | { kind: 'deployment-status'; id: string; status: 'running' | 'stopped'; at: number };

export interface AcceptEntry {
  userId: string;
  signalId: string;
  source: string;
  channel: string;
  action: string;
  /** The normalised signal as JSON. */
  signal: string;
  dedupeKey: string;
  /** `|id|` keys are duplicates whenever they come again; others only within the window. */
  dedupeById: boolean;
  receivedAt: number;
  /** The SIM market's clock at acceptance (see migration 0007). */
  marketAt: number;
  bodyHash: string;
  idempotencyKey: string | null;
  deploymentIds: readonly string[];
  /** A signal the engine made itself (a position event): journaled once, even when replayed after a restart. */
  internal: boolean;
}

/** Orders and fills are written as their tables hold them. */
export type OrderRow = OrdersTable;
export type FillRow = FillsTable;

export interface GroupRow {
  id: string;
  deploymentId: string;
  accountId: string;
  status: string;
  /** The group's snapshot (a fresh copy), stored as JSON. */
  state: unknown;
  createdAt: number;
  updatedAt: number;
}

/** What each op gave back: a request's value, or its own error (the rest of its commit stands). */
export type OpOutcome = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string; code?: string } };

/**
 * Applies ops on one connection. `apply` commits a batch in one transaction; an `accept` runs in its own
 * savepoint, so a refused one undoes only its own writes. Plain INSERT / ON CONFLICT, valid on PostgreSQL.
 */
export class WriteApplier {
  private readonly stmts;
  private readonly acceptTx: (entry: AcceptEntry, windowMs: number) => AcceptResult;
  private readonly finishRun: (op: Extract<WriteOp, { kind: 'run-finished' }>) => SignalStatus;
  private readonly batchTx: (ops: readonly WriteOp[]) => OpOutcome[];

  constructor(sqlite: BetterSqlite3.Database) {
    const s = {
      exists: sqlite.prepare('SELECT 1 FROM signals WHERE id = ?'),
      findById: sqlite.prepare(
        "SELECT id, body_hash AS bodyHash FROM signals WHERE user_id = ? AND dedupe_key = ? AND status NOT IN ('duplicate', 'rejected') ORDER BY received_at LIMIT 1",
      ),
      findInWindow: sqlite.prepare(
        "SELECT id FROM signals WHERE user_id = ? AND dedupe_key = ? AND received_at >= ? AND status <> 'duplicate' ORDER BY received_at LIMIT 1",
      ),
      insertSignal: sqlite.prepare(
        `INSERT INTO signals (id, user_id, source, channel, action, signal, dedupe_key, status, received_at, market_at, idempotency_key, body_hash)
         VALUES (@id, @userId, @source, @channel, @action, @signal, @dedupeKey, @status, @receivedAt, @marketAt, @idempotencyKey, @bodyHash)`,
      ),
      insertRun: sqlite.prepare("INSERT INTO signal_runs (signal_id, deployment_id, status, queued_at) VALUES (?, ?, 'queued', ?)"),
      finishRun: sqlite.prepare('UPDATE signal_runs SET status = ?, trace = ?, finished_at = ? WHERE signal_id = ? AND deployment_id = ?'),
      resumeRun: sqlite.prepare("UPDATE signal_runs SET status = 'running', attempts = ? WHERE signal_id = ? AND deployment_id = ?"),
      runStatuses: sqlite.prepare('SELECT status FROM signal_runs WHERE signal_id = ?'),
      setSignalStatus: sqlite.prepare('UPDATE signals SET status = ? WHERE id = ?'),
      upsertOrder: sqlite.prepare(
        `INSERT INTO orders (id, account_id, client_order_id, deployment_id, symbol, side, qty, type, price_paise, status,
           filled_qty, avg_fill_price_paise, reject_reason, created_at, updated_at, modifications)
         VALUES (@id, @accountId, @clientOrderId, @deploymentId, @symbol, @side, @qty, @type, @pricePaise, @status,
           @filledQty, @avgFillPricePaise, @rejectReason, @createdAt, @updatedAt, @modifications)
         ON CONFLICT (id) DO UPDATE SET type = excluded.type, price_paise = excluded.price_paise, status = excluded.status,
           filled_qty = excluded.filled_qty, avg_fill_price_paise = excluded.avg_fill_price_paise,
           reject_reason = excluded.reject_reason, updated_at = excluded.updated_at, modifications = excluded.modifications`,
      ),
      insertFill: sqlite.prepare(
        `INSERT INTO fills (id, order_id, account_id, symbol, side, qty, price_paise, time)
         VALUES (@id, @orderId, @accountId, @symbol, @side, @qty, @pricePaise, @time) ON CONFLICT (id) DO NOTHING`,
      ),
      upsertGroup: sqlite.prepare(
        `INSERT INTO position_groups (id, deployment_id, account_id, status, state, created_at, updated_at)
         VALUES (@id, @deploymentId, @accountId, @status, @state, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state, updated_at = excluded.updated_at`,
      ),
      deploymentStatus: sqlite.prepare('UPDATE deployments SET status = ?, updated_at = ? WHERE id = ?'),
      upsertLevel: sqlite.prepare(
        `INSERT INTO market_levels (underlying, level, at) VALUES (@underlying, @level, @at)
         ON CONFLICT (underlying) DO UPDATE SET level = excluded.level, at = excluded.at`,
      ),
    };
    this.stmts = s;

    this.acceptTx = sqlite.transaction((entry: AcceptEntry, windowMs: number): AcceptResult => {
      if (entry.internal && s.exists.get(entry.signalId) !== undefined) return { status: 'exists', signalId: entry.signalId };
      // Same action + id + time is the same alert whenever it comes: a duplicate when its body is the same
      // too (a resend), a conflict when not (two alerts sharing an id and time). The same body is a
      // duplicate only within the window.
      const original = (
        entry.dedupeById
          ? s.findById.get(entry.userId, entry.dedupeKey)
          : windowMs > 0
            ? s.findInWindow.get(entry.userId, entry.dedupeKey, entry.receivedAt - windowMs)
            : undefined
      ) as { id: string; bodyHash?: string } | undefined;
      const conflict = original !== undefined && entry.dedupeById && original.bodyHash !== entry.bodyHash;
      const status: SignalStatus = conflict ? 'rejected' : original ? 'duplicate' : entry.deploymentIds.length ? 'accepted' : 'ignored';
      s.insertSignal.run({
        id: entry.signalId,
        userId: entry.userId,
        source: entry.source,
        channel: entry.channel,
        action: entry.action,
        signal: entry.signal,
        dedupeKey: entry.dedupeKey,
        status,
        receivedAt: entry.receivedAt,
        marketAt: entry.marketAt,
        // A refused signal keeps no Idempotency-Key, so that a retry under it is refused the same way.
        idempotencyKey: conflict ? null : entry.idempotencyKey,
        bodyHash: entry.bodyHash,
      });
      if (original) return { status: conflict ? 'rejected' : 'duplicate', signalId: entry.signalId, original: original.id };
      for (const deploymentId of entry.deploymentIds) s.insertRun.run(entry.signalId, deploymentId, entry.receivedAt);
      return { status: status as 'accepted' | 'ignored', signalId: entry.signalId };
    });

    // Inside the batch's transaction; no savepoint of its own: a failure here fails the whole commit.
    this.finishRun = (op: Extract<WriteOp, { kind: 'run-finished' }>): SignalStatus => {
      s.finishRun.run(op.status, JSON.stringify(op.trace), op.now, op.signalId, op.deploymentId);
      const status = signalStatus((s.runStatuses.all(op.signalId) as Array<{ status: string }>).map((r) => r.status));
      s.setSignalStatus.run(status, op.signalId);
      return status;
    };

    this.batchTx = sqlite.transaction((ops: readonly WriteOp[]): OpOutcome[] => ops.map((op) => this.applyOne(op)));
  }

  /** Applies `ops` in one commit; throws (nothing committed) when a write that is not a request fails. */
  apply(ops: readonly WriteOp[]): OpOutcome[] {
    return this.batchTx(ops);
  }

  private applyOne(op: WriteOp): OpOutcome {
    const s = this.stmts;
    switch (op.kind) {
      case 'accept':
        try {
          return { ok: true, value: this.acceptTx(op.entry, op.windowMs) };
        } catch (err) {
          return { ok: false, error: plainError(err) };
        }
      case 'run-finished':
        return { ok: true, value: this.finishRun(op) };
      case 'run-resumed':
        s.resumeRun.run(op.attempts, op.signalId, op.deploymentId);
        break;
      case 'order':
        s.upsertOrder.run(op.row);
        break;
      case 'fill':
        s.insertFill.run(op.row);
        break;
      case 'group':
        s.upsertGroup.run({ ...op.row, state: JSON.stringify(op.row.state) });
        break;
      case 'deployment-status':
        s.deploymentStatus.run(op.status, op.at, op.id);
        break;
      case 'levels':
        for (const [underlying, level] of Object.entries(op.levels)) s.upsertLevel.run({ underlying, level, at: op.at });
        break;
    }
    return { ok: true, value: undefined };
  }
}

/** A signal's status over all its runs. */
export function signalStatus(runStatuses: readonly string[]): SignalStatus {
  if (runStatuses.some((s) => s === 'queued' || s === 'running')) return 'running';
  if (runStatuses.includes('failed')) return 'failed';
  if (runStatuses.every((s) => s === 'ignored')) return 'ignored';
  return 'completed';
}

function plainError(err: unknown): { name: string; message: string; code?: string } {
  const e = err as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}
