import type { AtRest } from '../auth/at-rest.ts';
import type { ChannelCredential, CredentialLookups, SigningKeyCredential, Storage } from '../storage/storage.ts';
import { openDatabase, type OpenDatabase } from './database.ts';
import { SqliteSignalJournal } from './sqlite-journal.ts';
import { SqliteTradingRecords } from './sqlite-trading-records.ts';

export interface SqliteStorageOptions {
  durability?: 'process' | 'power';
  writer?: 'thread' | 'inline';
  /** The server key: migration 0009 seals the secrets of a database made before it. */
  atRest?: AtRest;
}

/** The embedded store: `<dataDir>/legflow.db` (or `:memory:`), migrated to the latest version. */
export async function openSqliteStorage(dataDir: string | ':memory:', options: SqliteStorageOptions = {}): Promise<Storage> {
  return sqliteStorage(await openDatabase(dataDir, options.durability, options.writer, options.atRest));
}

/** The stores over an open SQLite database; closing the storage closes the database. */
export function sqliteStorage(database: OpenDatabase): Storage {
  const { sqlite, writer } = database;
  const latestMarketTime = sqlite.prepare('SELECT MAX(t) AS at FROM (SELECT MAX(at) AS t FROM market_levels UNION ALL SELECT MAX(time) FROM fills)');
  const serverKey = sqlite.prepare('SELECT fingerprint FROM server_key WHERE id = 1');
  const rememberKey = sqlite.prepare('INSERT INTO server_key (id, fingerprint) VALUES (1, ?)');
  return {
    db: database.db,
    journal: new SqliteSignalJournal(sqlite, writer),
    trading: new SqliteTradingRecords(sqlite, writer),
    credentials: sqliteCredentials(database),
    savedMarketTime: () => Promise.resolve((latestMarketTime.get() as { at: number | null }).at),
    bindServerKey: (fingerprint) => {
      const row = serverKey.get() as { fingerprint: string } | undefined;
      if (row) return Promise.resolve(row.fingerprint === fingerprint ? 'matches' : 'differs');
      rememberKey.run(fingerprint);
      return Promise.resolve('bound');
    },
    close: () => database.close(),
  };
}

function sqliteCredentials({ sqlite }: OpenDatabase): CredentialLookups {
  const channel = sqlite.prepare(
    'SELECT user_id AS userId, channel, token_hash AS tokenHash, sealed_secret AS sealedSecret FROM channels WHERE token_hash = ?',
  );
  const signingKey = sqlite.prepare('SELECT user_id AS userId, signing_key AS signingKey, scopes FROM api_keys WHERE id = ?');
  const keyExists = sqlite.prepare('SELECT 1 FROM api_keys WHERE id = ?');
  const sessionLive = sqlite.prepare(
    'SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND u.disabled_at IS NULL AND s.expires_at > ?',
  );
  return {
    channelByTokenHash: (tokenHash) => Promise.resolve(channel.get(tokenHash) as ChannelCredential | undefined),
    signingKey: (keyId) => Promise.resolve(signingKey.get(keyId) as SigningKeyCredential | undefined),
    apiKeyExists: (keyId) => Promise.resolve(keyExists.get(keyId) !== undefined),
    sessionLive: (tokenHash, now) => Promise.resolve(sessionLive.get(tokenHash, now) !== undefined),
  };
}
