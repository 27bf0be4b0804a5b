import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './database.ts';
import type { StoredAcceptResult as AcceptResult } from '../storage/storage.ts';
import type { AcceptEntry, OrderRow } from './write-ops.ts';

const T = 1_795_500_000_000;

function entry(id: string, over: Partial<AcceptEntry> = {}): AcceptEntry {
  return {
    userId: 'u1',
    signalId: id,
    source: 'tradingview',
    channel: 'nifty',
    action: 'ENTRY',
    signal: '{}',
    dedupeKey: `nifty|body|${id}`,
    dedupeById: false,
    receivedAt: T,
    marketAt: T,
    bodyHash: 'h',
    idempotencyKey: null,
    deploymentIds: [],
    internal: false,
    ...over,
  };
}

function order(status: OrderRow['status'], filledQty: number, updatedAt: number): OrderRow {
  return {
    id: 'ord-1',
    accountId: 'acc-1',
    clientOrderId: 'dep:sig:leg',
    deploymentId: null,
    symbol: 'NIFTY01DEC2625900CE',
    side: 'SELL',
    qty: 65,
    type: 'MARKET',
    pricePaise: null,
    status,
    filledQty,
    avgFillPricePaise: filledQty ? 15_300 : null,
    rejectReason: null,
    createdAt: T,
    updatedAt,
    modifications: null,
  };
}

let open: OpenDatabase | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** The same contract whether commits run on this thread (`:memory:`) or on the writer thread (a file). */
describe.each([
  ['on this thread', () => ':memory:' as const, 'inline' as const],
  ['on this thread, with a database file', () => mkdtempSync(join(tmpdir(), 'legflow-writer-')), 'inline' as const],
  ['on the writer thread', () => mkdtempSync(join(tmpdir(), 'legflow-writer-')), 'thread' as const],
])('writer %s', (_name, dataDir, kind) => {
  async function setup() {
    open = await openDatabase(dataDir(), 'process', kind);
    open.sqlite.prepare("INSERT INTO users (id, username, password_hash, created_at) VALUES ('u1', 'u1', 'x', 0)").run();
    open.sqlite.prepare("INSERT INTO accounts (id, user_id, name, mode, capital_paise, created_at) VALUES ('acc-1', 'u1', 'SIM', 'sim', 0, 0)").run();
    return open;
  }

  it('answers each journal entry once it is on disk, and a second alert with the same body in the window is a duplicate', async () => {
    const { writer, sqlite } = await setup();
    const first = writer.request<AcceptResult>({ kind: 'accept', entry: entry('sig-a', { dedupeKey: 'same' }), windowMs: 60_000 });
    const again = writer.request<AcceptResult>({ kind: 'accept', entry: entry('sig-b', { dedupeKey: 'same', receivedAt: T + 1_000 }), windowMs: 60_000 });
    expect(await first).toEqual({ status: 'ignored', signalId: 'sig-a' });
    expect(await again).toEqual({ status: 'duplicate', signalId: 'sig-b', original: 'sig-a' });
    expect(sqlite.prepare('SELECT id, status FROM signals ORDER BY received_at').all()).toEqual([
      { id: 'sig-a', status: 'ignored' },
      { id: 'sig-b', status: 'duplicate' },
    ]);
  });

  it('a refused entry fails alone: the writes queued with it are committed', async () => {
    const { writer, sqlite } = await setup();
    const ok = writer.request<AcceptResult>({ kind: 'accept', entry: entry('sig-1'), windowMs: 0 });
    const clash = writer.request<AcceptResult>({ kind: 'accept', entry: entry('sig-1', { dedupeKey: 'other' }), windowMs: 0 });
    writer.write({ kind: 'levels', levels: { NIFTY: 25_900.5 }, at: T });
    await expect(ok).resolves.toMatchObject({ status: 'ignored' });
    await expect(clash).rejects.toThrow(/UNIQUE/);
    await writer.flush();
    expect(sqlite.prepare('SELECT COUNT(*) AS n FROM signals').get()).toEqual({ n: 1 });
    expect(sqlite.prepare('SELECT level FROM market_levels').get()).toEqual({ level: 25_900.5 });
  });

  it('an order placed and filled before the commit is stored once, filled, with its fill behind it', async () => {
    const { writer, sqlite } = await setup();
    writer.write({ kind: 'order', row: order('OPEN', 0, T) });
    writer.write({ kind: 'order', row: order('FILLED', 65, T + 5) });
    writer.write({
      kind: 'fill',
      row: { id: 'fill-1', orderId: 'ord-1', accountId: 'acc-1', symbol: 'NIFTY01DEC2625900CE', side: 'SELL', qty: 65, pricePaise: 15_300, time: T + 5 },
    });
    await writer.flush();
    expect(sqlite.prepare('SELECT status, filled_qty, avg_fill_price_paise, updated_at FROM orders').all()).toEqual([
      { status: 'FILLED', filled_qty: 65, avg_fill_price_paise: 15_300, updated_at: T + 5 },
    ]);
    expect(sqlite.prepare('SELECT order_id, price_paise FROM fills').all()).toEqual([{ order_id: 'ord-1', price_paise: 15_300 }]);
  });

  it('flush resolves only when another connection can read what was written', async () => {
    const db = await setup();
    db.writer.write({ kind: 'levels', levels: { BANKNIFTY: 58_000 }, at: T });
    await db.writer.flush();
    const file = db.sqlite.name;
    const reader = file === ':memory:' ? db.sqlite : new BetterSqlite3(file, { readonly: true });
    expect(reader.prepare('SELECT level FROM market_levels').get()).toEqual({ level: 58_000 });
    if (reader !== db.sqlite) reader.close();
  });
});
