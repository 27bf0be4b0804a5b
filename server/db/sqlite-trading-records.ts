import type BetterSqlite3 from 'better-sqlite3';
import type { Fill, Order } from '../../runtime/broker/types.ts';
import { toPaise, toRupees } from '../../runtime/money.ts';
import { groupSnapshotSchema, type GroupSnapshot } from '../../runtime/positions/snapshot.ts';
import { HISTORY_ORDER, NEWEST_FIRST, type HistoryKey } from '../history-page.ts';
import { modificationsFromStored, storedModifications } from '../storage/order-modifications.ts';
import type { TradingRecords } from '../storage/storage.ts';
import type { FillsTable, OrdersTable, SnakeCaseRow } from './schema.ts';
import type { Writer } from './writer.ts';

/**
 * Trading records on SQLite: writes through the writer in the order they happen, reads on this connection.
 * What the engine has let go of (see SimEngineOptions.keepFinishedMs) is read from here: its last write was
 * stored long before.
 */
export class SqliteTradingRecords implements TradingRecords {
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly writer: Writer,
  ) {}

  saveLevels(levels: Record<string, number>, at: number): void {
    this.writer.write({ kind: 'levels', levels, at });
  }

  savedLevels(): Promise<Record<string, number>> {
    const rows = this.sqlite.prepare('SELECT underlying, level FROM market_levels').all() as Array<{ underlying: string; level: number }>;
    return Promise.resolve(Object.fromEntries(rows.map((r) => [r.underlying, r.level])));
  }

  saveOrder(order: Order): void {
    this.writer.write({
      kind: 'order',
      row: {
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
        modifications: order.modifications ? storedModifications(order.modifications) : null,
      },
    });
  }

  saveFill(fill: Fill): void {
    const { id, orderId, accountId, symbol, side, qty, time } = fill;
    this.writer.write({ kind: 'fill', row: { id, orderId, accountId, symbol, side, qty, pricePaise: toPaise(fill.price), time } });
  }

  saveGroup(group: GroupSnapshot, now: number): void {
    const { id, deploymentId, accountId, status, createdAt } = group;
    this.writer.write({ kind: 'group', row: { id, deploymentId, accountId, status, state: group, createdAt, updatedAt: now } });
  }

  saveDeploymentStatus(id: string, status: 'running' | 'stopped', at: number): void {
    this.writer.write({ kind: 'deployment-status', id, status, at });
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  groupKeys(deploymentId: string, before: HistoryKey | null, limit: number): Promise<HistoryKey[]> {
    const older = before === null ? '' : `AND ${HISTORY_ORDER} < (@createdAt, @idLength, @id)`;
    const sql = `SELECT id, created_at AS createdAt FROM position_groups WHERE deployment_id = @deploymentId ${older} ORDER BY ${NEWEST_FIRST} LIMIT @limit`;
    const params = before === null ? { deploymentId, limit } : { deploymentId, limit, createdAt: before.createdAt, idLength: before.id.length, id: before.id };
    return Promise.resolve(this.sqlite.prepare(sql).all(params) as HistoryKey[]);
  }

  groupKey(deploymentId: string, id: string): Promise<HistoryKey | undefined> {
    const sql = 'SELECT id, created_at AS createdAt FROM position_groups WHERE id = ? AND deployment_id = ?';
    return Promise.resolve(this.sqlite.prepare(sql).get(id, deploymentId) as HistoryKey | undefined);
  }

  savedGroups(ids: readonly string[]): Promise<GroupSnapshot[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const rows = this.sqlite.prepare('SELECT state FROM position_groups WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as Array<{
      state: string;
    }>;
    return Promise.resolve(rows.map((r) => groupSnapshotSchema.parse(JSON.parse(r.state))));
  }

  async load(): Promise<{ orders: Order[]; fills: Fill[]; groups: GroupSnapshot[] }> {
    await this.flush();
    const orders = (this.sqlite.prepare('SELECT * FROM orders ORDER BY created_at, id').all() as OrderRow[]).map(orderFromRow);
    const fillRows = this.sqlite
      .prepare('SELECT f.*, o.client_order_id FROM fills f JOIN orders o ON o.id = f.order_id ORDER BY f.time, f.id')
      .all() as FillRow[];
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
    const groups = (this.sqlite.prepare('SELECT state FROM position_groups ORDER BY created_at, id').all() as Array<{ state: string }>).map((r) =>
      groupSnapshotSchema.parse(JSON.parse(r.state)),
    );
    return { orders, fills, groups };
  }
}

type OrderRow = SnakeCaseRow<OrdersTable>;
type FillRow = SnakeCaseRow<FillsTable> & { client_order_id: string };

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
  if (r.modifications !== null) order.modifications = modificationsFromStored(r.modifications);
  return order;
}
