import { sql, type Migration, type Transaction } from 'kysely';
import { DEFAULT_SCOPES, storedKeyMaterial } from '../../auth/api-keys.ts';
import type { AtRest } from '../../auth/at-rest.ts';
import { sealChannelSecrets } from '../../webhooks/secrets.ts';
import { forwardOnly } from './forward-only.ts';

/** Rows as they were before (selected with camelCase aliases, which the CamelCasePlugin leaves alone). */
interface OldKey {
  id: string;
  userId: string;
  name: string;
  secretHash: string;
  createdAt: number;
  lastUsedAt: number | null;
}

interface OldChannel {
  token: string;
  userId: string;
  channel: string;
  secret: string;
  createdAt: number;
}

/**
 * Secrets at rest. Until now `api_keys.secret_hash` was itself the signing key (a copy of the database could
 * sign for every user) and channels kept their webhook token and secret in clear. Both tables are rebuilt:
 * a key keeps working (its v2 signing key derives from the hash that was stored, see signingKeyOf) but is
 * stored only as a digest and a sealed signing key, with the scopes `signals read`; a channel keeps its URL
 * and secret, sealed, found by the token's digest. Sealing needs the server key, which the database does not
 * hold; an empty database migrates without one.
 */
export function sealedSecrets(atRest: AtRest | undefined): Migration {
  return {
    up: async (db) => {
      // The dropped tables' pages are zeroed, not just freed: the file must not keep the values in clear.
      await sql`PRAGMA secure_delete = ON`.execute(db);
      try {
        await db.transaction().execute((trx) => up(trx, atRest));
      } finally {
        await sql`PRAGMA secure_delete = OFF`.execute(db);
      }
    },
    down,
  };
}

async function up(db: Transaction<unknown>, atRest: AtRest | undefined): Promise<void> {
  const keys = (
    await sql<OldKey>`SELECT id, user_id AS userId, name, secret_hash AS secretHash, created_at AS createdAt, last_used_at AS lastUsedAt FROM api_keys`.execute(
      db,
    )
  ).rows;
  const channels = (await sql<OldChannel>`SELECT token, user_id AS userId, channel, secret, created_at AS createdAt FROM channels`.execute(db)).rows;
  if (!atRest && keys.length + channels.length > 0) throw new Error('0009 seals stored API keys and channel secrets, and needs the server key');

  await db.schema
    .createTable('server_key')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys_sealed')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('bearer_hash', 'text', (c) => c.notNull())
    .addColumn('signing_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  for (const key of keys) {
    const { bearerHash, signingKey } = storedKeyMaterial(atRest!, key.id, key.secretHash);
    await sql`INSERT INTO api_keys_sealed (id, user_id, name, scopes, bearer_hash, signing_key, created_at, last_used_at)
      VALUES (${key.id}, ${key.userId}, ${key.name}, ${DEFAULT_SCOPES.join(' ')}, ${bearerHash}, ${signingKey}, ${key.createdAt}, ${key.lastUsedAt})`.execute(
      db,
    );
  }
  await db.schema.dropTable('api_keys').execute();
  await db.schema.alterTable('api_keys_sealed').renameTo('api_keys').execute();

  await db.schema
    .createTable('channels_sealed')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('sealed_token', 'text', (c) => c.notNull())
    .addColumn('sealed_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('channels_user_channel', ['user_id', 'channel'])
    .execute();
  for (const channel of channels) {
    const sealed = sealChannelSecrets(atRest!, { token: channel.token, secret: channel.secret });
    await sql`INSERT INTO channels_sealed (token_hash, user_id, channel, sealed_token, sealed_secret, created_at)
      VALUES (${sealed.tokenHash}, ${channel.userId}, ${channel.channel}, ${sealed.sealedToken}, ${sealed.sealedSecret}, ${channel.createdAt})`.execute(db);
  }
  await db.schema.dropTable('channels').execute();
  await db.schema.alterTable('channels_sealed').renameTo('channels').execute();
  if (atRest) await sql`INSERT INTO server_key (id, fingerprint) VALUES (1, ${atRest.fingerprint})`.execute(db);
}

const down = forwardOnly;
