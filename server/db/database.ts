import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import * as initial from './migrations/0001-initial.ts';
import * as marketLevels from './migrations/0002-market-levels.ts';
import * as accountLimits from './migrations/0003-account-limits.ts';
import * as deploymentSchedule from './migrations/0004-deployment-schedule.ts';
import * as orderModifications from './migrations/0005-order-modifications.ts';
import * as pendingRunsIndex from './migrations/0006-pending-runs-index.ts';
import * as signalMarketTime from './migrations/0007-signal-market-time.ts';
import * as runAttempts from './migrations/0008-run-attempts.ts';
import * as userDisabled from './migrations/0010-user-disabled.ts';
import * as positionGroupPagingIndex from './migrations/0011-position-group-paging-index.ts';
import * as backtests from './migrations/0012-backtests.ts';
import { sealedSecrets } from './migrations/0009-sealed-secrets.ts';
import type { AtRest } from '../auth/at-rest.ts';
import type { Database } from './schema.ts';
import { InlineWriter, WorkerWriter, type Writer } from './writer.ts';

/** Versioned migrations, in order; imported statically so no file scanning happens at start. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-market-levels': marketLevels,
  '0003-account-limits': accountLimits,
  '0004-deployment-schedule': deploymentSchedule,
  '0005-order-modifications': orderModifications,
  '0006-pending-runs-index': pendingRunsIndex,
  '0007-signal-market-time': signalMarketTime,
  '0008-run-attempts': runAttempts,
  '0010-user-disabled': userDisabled,
  '0011-position-group-paging-index': positionGroupPagingIndex,
  '0012-backtests': backtests,
};

export interface OpenDatabase {
  db: Kysely<Database>;
  /** The raw handle, for the few places that need a synchronous transaction (journal-before-ack). */
  sqlite: BetterSqlite3.Database;
  /** The trading hot path's writes: its own thread for a database file, this thread for `:memory:`. */
  writer: Writer;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) `<dataDir>/legflow.db` in WAL mode and brings it to the latest migration.
 * `:memory:` gives a private database for tests.
 */
export async function openDatabase(
  dataDir: string | ':memory:',
  durability: 'process' | 'power' = 'process',
  writerKind: 'thread' | 'inline' = 'inline',
  /** The server key: migration 0009 seals the secrets of a database made before it (an empty one needs none). */
  atRest?: AtRest,
): Promise<OpenDatabase> {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'legflow.db');
  }
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: a commit is in the WAL before the 200, so a crashed or killed process loses nothing; an
  // fsync per commit (FULL) also survives a power cut, at about 7 ms per alert on this kind of disk.
  const synchronous = durability === 'power' ? 'FULL' : 'NORMAL';
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('foreign_keys = ON');
  // Checkpoints move to a worker thread (below); in-line they stalled an alert now and then by tens of ms.
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file);
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  const { error, results } = await new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS, '0009-sealed-secrets': sealedSecrets(atRest) }) },
  }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    await checkpointer?.stop();
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const writer =
    file === ':memory:' || writerKind === 'inline' ? new InlineWriter(sqlite) : new WorkerWriter({ file, synchronous, autoCheckpoint: !checkpointer });
  return {
    db,
    sqlite,
    writer,
    close: async () => {
      await writer.close();
      await db.destroy();
      await checkpointer?.stop();
    },
  };
}

function startCheckpointer(file: string): { stop(): Promise<void> } {
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: { file, intervalMs: 500 } });
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()));
        worker.once('error', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
