import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect, type Migration } from 'kysely';
import * as initial from './migrations/0001-initial.ts';
import type { Database } from './schema.ts';

/** Versioned migrations, in order; imported statically so no file scanning happens at start. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
};

export interface OpenDatabase {
  db: Kysely<Database>;
  /** The raw handle, for the few places that need a synchronous transaction (journal-before-ack). */
  sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) `<dataDir>/legflow.db` in WAL mode and brings it to the latest migration.
 * `:memory:` gives a private database for tests.
 */
export async function openDatabase(dataDir: string | ':memory:'): Promise<OpenDatabase> {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, 'legflow.db');
  }
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a signal answered 200 survives a power cut, not only a crashed process.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  const { error, results } = await new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
  }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { db, sqlite, close: () => db.destroy() };
}
