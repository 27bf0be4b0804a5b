import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { WriteApplier, type WriteOp } from './write-ops.ts';
import type { WriterThreadOptions } from './writer.ts';

/** The writer thread: one connection, one commit per batch the main thread posts, answered in order. */
const options = workerData as WriterThreadOptions;
const sqlite = new BetterSqlite3(options.file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma(`synchronous = ${options.synchronous}`);
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('busy_timeout = 5000');
if (!options.autoCheckpoint) sqlite.pragma('wal_autocheckpoint = 0');
const applier = new WriteApplier(sqlite);
const port = parentPort!;

port.on('message', (message: { id: number; ops: WriteOp[] } | { close: true }) => {
  if ('close' in message) {
    sqlite.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ id: message.id, outcomes: applier.apply(message.ops) });
  } catch (err) {
    const e = err as { name?: string; message?: string; code?: string };
    port.postMessage({ id: message.id, error: { name: e.name ?? 'Error', message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}) } });
  }
});
