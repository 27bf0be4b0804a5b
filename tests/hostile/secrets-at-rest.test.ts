import { createHmac } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect } from 'kysely';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { signingKeyOf } from '../../server/auth/api-keys.ts';
import { KEY_FILE } from '../../server/auth/at-rest.ts';
import * as m1 from '../../server/db/migrations/0001-initial.ts';
import * as m2 from '../../server/db/migrations/0002-market-levels.ts';
import * as m3 from '../../server/db/migrations/0003-account-limits.ts';
import * as m4 from '../../server/db/migrations/0004-deployment-schedule.ts';
import * as m5 from '../../server/db/migrations/0005-order-modifications.ts';
import * as m6 from '../../server/db/migrations/0006-pending-runs-index.ts';
import * as m7 from '../../server/db/migrations/0007-signal-market-time.ts';
import { parseEnv } from '../../server/env.ts';
import { sha256Hex } from '../../server/ids.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { signalHeaders } from '../../server/testing/signing.ts';
import { canonicalRequest } from '../../server/webhooks/signature.ts';

const PASSWORD = 'at-rest-admin-1';
let running: RunningServer | undefined;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'legflow-at-rest-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A fixed replayed SIM day: nothing here depends on the date or hour the test runs at.
const start = (dir: string) =>
  startServer(
    parseEnv({
      PORT: '0',
      LEGFLOW_DATA: dir,
      LEGFLOW_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'silent',
      LEGFLOW_WRITER: 'inline',
      LEGFLOW_SIM_CLOCK: 'replay:2026-12-04T10:00',
    }),
    () => undefined,
  );

/** Every byte of the database's files, as someone who copied the folder holds them. */
const fileBytes = (dir: string) =>
  Buffer.concat(['legflow.db', 'legflow.db-wal'].filter((f) => existsSync(join(dir, f))).map((f) => readFileSync(join(dir, f))));

function expectAbsent(bytes: Buffer, values: Record<string, string | Buffer>): void {
  for (const [what, value] of Object.entries(values)) expect(bytes.includes(value), `${what} is in the database files`).toBe(false);
}

describe('secrets at rest', () => {
  it('the database files hold no key secret, signing key, webhook token or alert secret, and a copy of them forges nothing', async () => {
    const dir = tempDir();
    running = await start(dir);
    const api = request(running.url);
    const cookie = (await api.post('/api/auth/login').send({ username: 'admin', password: PASSWORD }).expect(200)).headers['set-cookie']![0]!.split(';')[0]!;
    const { key } = (await api.post('/api/keys').set('Cookie', cookie).send({ name: 'notebook' }).expect(201)).body as { key: string };
    const graph = (await api.get('/api/templates/short-straddle').expect(200)).body as object;
    const { id: graphId } = (await api.post('/api/graphs').set('Cookie', cookie).send({ graph }).expect(201)).body as { id: string };
    await api.post(`/api/graphs/${graphId}/publish`).set('Cookie', cookie).expect(201);
    const deployed = (await api.post('/api/deployments').set('Cookie', cookie).send({ graphId, version: 1, mode: 'sim' }).expect(201)).body as {
      channels: Array<{ url: string; secret: string }>;
    };
    const { url, secret: alertSecret } = deployed.channels[0]!;
    const hook = new URL(url).pathname;
    expect((await api.post(hook).send({ secret: alertSecret, action: 'ENTRY' })).status).toBe(200); // the sealed secret still checks

    const body = JSON.stringify({ channel: 'py-none', action: 'PING' });
    expect((await api.post('/api/v1/signals').set(signalHeaders(key, body)).send(body)).status).toBe(200);

    const secret = key.slice(14);
    const signingKey = signingKeyOf(sha256Hex(secret));
    const token = hook.split('/').at(-1)!;
    const clear = {
      secret,
      'sha256 of the secret': sha256Hex(secret),
      'signing key': signingKey,
      'signing key (hex)': signingKey.toString('hex'),
      token,
      'alert secret': alertSecret,
    };
    expectAbsent(fileBytes(dir), clear);

    // Whatever a copy of the database holds, used as the signing key, signs nothing the server accepts.
    const copy = new BetterSqlite3(join(dir, 'legflow.db'), { readonly: true });
    const row = copy.prepare('SELECT bearer_hash, signing_key FROM api_keys WHERE id = ?').get(key.slice(3, 13)) as Record<string, string>;
    const { fingerprint } = copy.prepare('SELECT fingerprint FROM server_key').get() as { fingerprint: string };
    copy.close();
    const candidates = [row.bearer_hash!, row.signing_key!, fingerprint].flatMap((v) => [Buffer.from(v), Buffer.from(v, 'hex')]);
    for (const [i, candidate] of candidates.entries()) {
      const forged = JSON.stringify({ channel: 'py-none', action: 'ENTRY', attempt: i });
      const headers = signalHeaders(key, forged);
      const timestamp = headers['X-Legflow-Timestamp']!;
      const signature = createHmac('sha256', candidate)
        .update(canonicalRequest({ method: 'POST', path: '/api/v1/signals', timestamp, idempotencyKey: undefined, body: forged }))
        .digest('hex');
      const res = await api
        .post('/api/v1/signals')
        .set({ ...headers, 'X-Legflow-Signature': `v2=${signature}` })
        .send(forged);
      expect([i, res.status, res.body.error?.code]).toEqual([i, 401, 'invalid_signature']);
    }
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);

    await running.close();
    running = undefined;
    expectAbsent(fileBytes(dir), clear);
    // The database without its key file: the server does not start on a key that opens none of its secrets.
    const stolen = tempDir();
    copyFileSync(join(dir, 'legflow.db'), join(stolen, 'legflow.db'));
    await expect(start(stolen)).rejects.toThrow(/is not the one this database's secrets were sealed with: restore secret.key/);
  });

  it('an older database is sealed at the first start: its keys (now signals and read) and webhooks keep working, nothing stays in clear', async () => {
    const dir = tempDir();
    const legacy = { keyId: 'legacy0001', secret: 'L'.repeat(43), token: 'legacy-token-0123456789abcdef', alertSecret: 'legacy-alert-secret-42' };
    await writeLegacyDatabase(dir, legacy);
    const before = fileBytes(dir);
    expect(before.includes(legacy.token) && before.includes(sha256Hex(legacy.secret))).toBe(true);

    running = await start(dir);
    const api = request(running.url);
    const key = `lf_${legacy.keyId}_${legacy.secret}`;
    expect((await api.get('/api/auth/me').set('Authorization', `Bearer ${key}`).expect(200)).body.user.username).toBe('legacy');
    const refused = await api.post('/api/keys').set('Authorization', `Bearer ${key}`).send({ name: 'more' });
    expect([refused.status, refused.body.error.code, refused.body.error.details.scopes]).toEqual([403, 'insufficient_scope', ['signals', 'read']]);
    const body = JSON.stringify({ channel: 'legacy-py', action: 'PING' });
    expect((await api.post('/api/v1/signals').set(signalHeaders(key, body)).send(body)).status).toBe(200);
    expect((await api.post(`/hooks/tv/${legacy.token}`).send({ secret: legacy.alertSecret, action: 'ENTRY' })).status).toBe(200);
    const wrong = await api.post(`/hooks/tv/${legacy.token}`).send({ secret: 'not-the-secret-at-all!', action: 'ENTRY' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'wrong_secret']);

    await running.close();
    running = undefined;
    expectAbsent(fileBytes(dir), { 'legacy secret hash': sha256Hex(legacy.secret), 'legacy token': legacy.token, 'legacy alert secret': legacy.alertSecret });
  });
});

/** A database as Legflow left it before migration 0009: a user, an API key and a TradingView channel in clear. */
async function writeLegacyDatabase(dir: string, legacy: { keyId: string; secret: string; token: string; alertSecret: string }): Promise<void> {
  const sqlite = new BetterSqlite3(join(dir, 'legflow.db'));
  sqlite.pragma('journal_mode = WAL');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()] });
  const migrations = {
    '0001-initial': m1,
    '0002-market-levels': m2,
    '0003-account-limits': m3,
    '0004-deployment-schedule': m4,
    '0005-order-modifications': m5,
    '0006-pending-runs-index': m6,
    '0007-signal-market-time': m7,
  };
  const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
  expect(error).toBeUndefined();
  sqlite.prepare('INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)').run('u_legacy', 'legacy', 'not-a-hash', 1);
  sqlite
    .prepare('INSERT INTO api_keys (id, user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(legacy.keyId, 'u_legacy', 'old key', sha256Hex(legacy.secret), 1);
  sqlite
    .prepare('INSERT INTO channels (token, user_id, channel, secret, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(legacy.token, 'u_legacy', 'legacy-tv', legacy.alertSecret, 1);
  await db.destroy();
}
