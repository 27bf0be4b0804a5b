import type BetterSqlite3 from 'better-sqlite3';
import type { Fill, Order } from '../runtime/broker/types.ts';
import { toPaise, toRupees } from '../runtime/money.ts';
import { groupSnapshotSchema, type GroupSnapshot } from '../runtime/positions/snapshot.ts';

/**
 * Orders, fills and position groups as the engine reports them. Writes are queued in order and committed
 * together, once per turn of the event loop (a group's latest state only), and `flush()` runs before a run
 * is marked finished: an order is on disk before the run that placed it counts as done, so a crash in
 * between replays the run and the deterministic client order id places nothing twice. Plain INSERT /
 * ON CONFLICT statements, valid on PostgreSQL too.
 */
export class TradingStore {
  private readonly pending: Array<() => void> = [];
  /** Told the commit's outcome once it is on disk (or failed). */
  private readonly afterCommit: Array<(error?: unknown) => void> = [];
  private readonly pendingGroups = new Map<string, { group: GroupSnapshot; now: number }>();
  /** An order's latest row until the commit: placed and filled in one turn is one write, not two. */
  private readonly pendingOrders = new Map<string, Record<string, unknown>>();
  private scheduled = false;
  private committedThisTurn = false;
  private readonly upsertOrderStmt: BetterSqlite3.Statement;
  private readonly insertFillStmt: BetterSqlite3.Statement;
  private readonly upsertGroupStmt: BetterSqlite3.Statement;
  private readonly upsertLevelStmt: BetterSqlite3.Statement;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.upsertOrderStmt = sqlite.prepare(
      `INSERT INTO orders (id, account_id, client_order_id, deployment_id, symbol, side, qty, type, price_paise, status,
         filled_qty, avg_fill_price_paise, reject_reason, created_at, updated_at)
       VALUES (@id, @accountId, @clientOrderId, @deploymentId, @symbol, @side, @qty, @type, @pricePaise, @status,
         @filledQty, @avgFillPricePaise, @rejectReason, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, filled_qty = excluded.filled_qty,
         avg_fill_price_paise = excluded.avg_fill_price_paise, reject_reason = excluded.reject_reason,
         updated_at = excluded.updated_at`,
    );
    this.insertFillStmt = sqlite.prepare(
      `INSERT INTO fills (id, order_id, account_id, symbol, side, qty, price_paise, time)
       VALUES (@id, @orderId, @accountId, @symbol, @side, @qty, @pricePaise, @time) ON CONFLICT (id) DO NOTHING`,
    );
    this.upsertLevelStmt = sqlite.prepare(
      `INSERT INTO market_levels (underlying, level, at) VALUES (@underlying, @level, @at)
       ON CONFLICT (underlying) DO UPDATE SET level = excluded.level, at = excluded.at`,
    );
    this.upsertGroupStmt = sqlite.prepare(
      `INSERT INTO position_groups (id, deployment_id, account_id, status, state, created_at, updated_at)
       VALUES (@id, @deploymentId, @accountId, @status, @state, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, state = excluded.state, updated_at = excluded.updated_at`,
    );
  }

  /** The market's index levels, queued like every other write. */
  saveLevels(levels: Record<string, number>, at: number): void {
    this.queue(() => {
      for (const [underlying, level] of Object.entries(levels)) this.upsertLevelStmt.run({ underlying, level, at });
    });
  }

  savedLevels(): Record<string, number> {
    const rows = this.sqlite.prepare('SELECT underlying, level FROM market_levels').all() as Array<{ underlying: string; level: number }>;
    return Object.fromEntries(rows.map((r) => [r.underlying, r.level]));
  }

  saveOrder(order: Order): void {
    const row = {
      id: order.id,
      accountId: order.accountId,
      clientOrderId: order.clientOrderId,
      deploymentId: order.tag ?? null,
      symbol: order.symbol,
      side: order.side,
      qty: order.qty,
      type: order.type,
      pricePaise: order.price === null ? null : toPaise(order.price),
      status: order.status,
      filledQty: order.filledQty,
      avgFillPricePaise: order.avgFillPrice === null ? null : toPaise(order.avgFillPrice),
      rejectReason: order.rejectReason ?? null,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
    };
    // Written where it was first queued (ahead of its fills, which reference it), with its latest state.
    const queued = this.pendingOrders.has(order.id);
    this.pendingOrders.set(order.id, row);
    if (!queued) {
      this.queue(() => {
        const latest = this.pendingOrders.get(order.id);
        this.pendingOrders.delete(order.id);
        if (latest) this.upsertOrderStmt.run(latest);
      });
    }
  }

  saveFill(fill: Fill): void {
    const { id, orderId, accountId, symbol, side, qty, time } = fill;
    const row = { id, orderId, accountId, symbol, side, qty, pricePaise: toPaise(fill.price), time };
    this.queue(() => this.insertFillStmt.run(row));
  }

  /** Snapshots are fresh copies, so keeping only the latest one per group until the flush is safe. */
  saveGroup(group: GroupSnapshot, now: number): void {
    this.pendingGroups.set(group.id, { group, now });
    this.schedule();
  }

  /** Commits everything queued, in one transaction. */
  flush(): void {
    if (this.pending.length === 0 && this.pendingGroups.size === 0) return;
    const ops = this.pending.splice(0);
    const after = this.afterCommit.splice(0);
    const groups = [...this.pendingGroups.values()];
    this.pendingGroups.clear();
    try {
      this.commit(ops, groups);
    } catch (error) {
      // Their writes were in the failed commit; the next save of such an order queues it afresh.
      this.pendingOrders.clear();
      for (const done of after) done(error);
      throw error;
    }
    for (const done of after) done();
  }

  /**
   * Runs `op` in the next commit, in its own savepoint (its failure undoes only its own writes), and
   * resolves once that commit is on disk: group commit, so alerts arriving together share one commit.
   */
  enqueueIsolated<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
      this.queue(() => {
        try {
          outcome = { ok: true, value: this.sqlite.transaction(op)() };
        } catch (error) {
          outcome = { ok: false, error };
        }
      });
      this.afterCommit.push((commitError) => {
        if (commitError !== undefined) reject(commitError);
        else if (outcome?.ok) resolve(outcome.value);
        else reject(outcome?.error);
      });
      // The first of a turn commits at once (a lone alert waits for nothing); those arriving after it in
      // the same turn share the next commit.
      if (!this.committedThisTurn) {
        this.committedThisTurn = true;
        setImmediate(() => (this.committedThisTurn = false));
        this.flush();
      }
    });
  }

  private commit(ops: Array<() => void>, groups: Array<{ group: GroupSnapshot; now: number }>): void {
    this.sqlite.transaction(() => {
      for (const op of ops) op();
      for (const { group, now } of groups) {
        this.upsertGroupStmt.run({
          id: group.id,
          deploymentId: group.deploymentId,
          accountId: group.accountId,
          status: group.status,
          state: JSON.stringify(group),
          createdAt: group.createdAt,
          updatedAt: now,
        });
      }
    })();
  }

  /** Queues any other write behind those already queued, into the same commit (e.g. a run's outcome). */
  enqueue(op: () => void): void {
    this.queue(op);
  }

  private queue(op: () => void): void {
    this.pending.push(op);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // Closed at shutdown after its last flush; a storage error otherwise ends the process, and the
      // restart replays what had not been committed.
      if (this.sqlite.open) this.flush();
    });
  }

  /** Everything to restore the SIM broker and the position groups after a restart. */
  load(): { orders: Order[]; fills: Fill[]; groups: GroupSnapshot[] } {
    this.flush();
    const orders = (this.sqlite.prepare('SELECT * FROM orders ORDER BY created_at, id').all() as OrderRow[]).map(orderFromRow);
    const fillRows = this.sqlite.prepare('SELECT f.*, o.client_order_id FROM fills f JOIN orders o ON o.id = f.order_id ORDER BY f.time, f.id').all() as FillRow[];
    const fills = fillRows.map((r) => ({
      id: r.id,
      orderId: r.order_id,
      clientOrderId: r.client_order_id,
      accountId: r.account_id,
      symbol: r.symbol,
      side: r.side,
      qty: r.qty,
      price: toRupees(r.price_paise),
      time: r.time,
    }));
    const groups = (this.sqlite.prepare('SELECT state FROM position_groups ORDER BY created_at, id').all() as Array<{ state: string }>).map(
      (r) => groupSnapshotSchema.parse(JSON.parse(r.state)) as GroupSnapshot,
    );
    return { orders, fills, groups };
  }
}

interface OrderRow {
  id: string;
  account_id: string;
  client_order_id: string;
  deployment_id: string | null;
  symbol: string;
  side: 'BUY' | 'SELL';
  qty: number;
  type: 'MARKET' | 'LIMIT';
  price_paise: number | null;
  status: Order['status'];
  filled_qty: number;
  avg_fill_price_paise: number | null;
  reject_reason: string | null;
  created_at: number;
  updated_at: number;
}

interface FillRow {
  id: string;
  order_id: string;
  client_order_id: string;
  account_id: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  qty: number;
  price_paise: number;
  time: number;
}

function orderFromRow(r: OrderRow): Order {
  const order: Order = {
    id: r.id,
    clientOrderId: r.client_order_id,
    accountId: r.account_id,
    symbol: r.symbol,
    side: r.side,
    qty: r.qty,
    type: r.type,
    price: r.price_paise === null ? null : toRupees(r.price_paise),
    status: r.status,
    filledQty: r.filled_qty,
    avgFillPrice: r.avg_fill_price_paise === null ? null : toRupees(r.avg_fill_price_paise),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.reject_reason !== null) order.rejectReason = r.reject_reason;
  if (r.deployment_id !== null) order.tag = r.deployment_id;
  return order;
}
