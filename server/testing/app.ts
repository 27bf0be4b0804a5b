import type express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { registry } from '../../nodes/catalogue.ts';
import { toRupees } from '../../runtime/money.ts';
import { istToMs } from '../../runtime/time.ts';
import { SimEngine, type SimEngineOptions } from '../../runtime/sim-engine.ts';
import { API_KEY_SCOPES, createApiKey, type ApiKeyScope } from '../auth/api-keys.ts';
import { AtRest, bindServerKey } from '../auth/at-rest.ts';
import { Revocations } from '../auth/revocations.ts';
import { BacktestRunner } from '../backtests/runner.ts';
import { createUser, ensureAdmin } from '../auth/users.ts';
import { createApp } from '../app.ts';
import type { AppContext, AuthUser } from '../context.ts';
import { openSqliteStorage } from '../db/sqlite-storage.ts';
import { EngineHost } from '../engine-host.ts';
import { parseEnv } from '../env.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { checkResponses, type ContractMismatch } from './contract-check.ts';

/** The two users every server test starts with. */
export const PASSWORDS = { admin: 'admin-password-1', bob: 'bob-password-1' } as const;
export type TestUsername = keyof typeof PASSWORDS;

export interface TestApp {
  ctx: AppContext;
  app: express.Express;
  docs: OpenApiRegistry;
  /** Answers that broke their contract (contracts/api.ts); each was also answered as a 500. */
  contractMismatches: ContractMismatch[];
  users: Record<TestUsername, AuthUser>;
  /** Signs in through the real route; the `Cookie` header value to send. */
  login(username: TestUsername): Promise<string>;
  /** A fresh API key for the user, for `Authorization: Bearer`; with every scope unless told. */
  key(username: TestUsername, scopes?: readonly ApiKeyScope[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * A whole server on a private in-memory database and a virtual-clock SIM market (Wednesday 2026-11-25,
 * 10:00 IST), with `admin` and `bob` signed up. No port is opened: drive `app` with supertest.
 * `simOptions` change the SIM world (e.g. `keepFinishedMs`, as the server sets it); `dataDir` keeps the
 * database in a folder instead, for a test that reads it afterwards as the CLI does.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  simOptions: Partial<SimEngineOptions> = {},
  dataDir: string = ':memory:',
): Promise<TestApp> {
  const storage = await openSqliteStorage(dataDir);
  const log = pino({ level: 'silent' });
  const sim = new SimEngine({ startMs: istToMs('2026-11-25', '10:00'), seed: 1, ...simOptions });
  const engine = new EngineHost(sim, storage, log);
  const ctx: AppContext = {
    storage,
    env: parseEnv(env),
    log,
    engine,
    nodes: registry,
    trading: engine.trading,
    atRest: new AtRest(AtRest.generateKey()),
    revocations: new Revocations(log),
    backtests: new BacktestRunner({ db: storage.db, events: engine.events, log }),
  };
  await bindServerKey(storage, ctx.atRest, 'a random test key');
  // Side by side: each hash takes a tenth of a second on the thread pool.
  const [, bob] = await Promise.all([ensureAdmin(ctx, PASSWORDS.admin), createUser(ctx, 'bob', PASSWORDS.bob)]);
  const admin = await ctx.storage.db.selectFrom('users').select(['id', 'username']).where('username', '=', 'admin').executeTakeFirstOrThrow();
  // As at boot: every SIM account is tradable in the SIM broker.
  for (const account of await ctx.storage.db.selectFrom('accounts').select(['id', 'userId', 'capitalPaise']).where('mode', '=', 'sim').execute()) {
    ctx.engine.addAccount(account.id, account.userId, toRupees(account.capitalPaise));
  }
  const { app, docs } = createApp(ctx);
  // Every JSON answer in every server test is held to its contract.
  const contractMismatches = checkResponses(app);
  const users: Record<TestUsername, AuthUser> = { admin, bob };
  return {
    ctx,
    app,
    docs,
    contractMismatches,
    users,
    async login(username) {
      const res = await request(app).post('/api/auth/login').send({ username, password: PASSWORDS[username] });
      const cookie = res.headers['set-cookie']?.[0];
      if (res.status !== 200 || !cookie) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return cookie.split(';')[0]!;
    },
    async key(username, scopes = API_KEY_SCOPES) {
      return (await createApiKey(ctx, users[username].id, `test key of ${username}`, scopes)).key;
    },
    close: async () => {
      await ctx.backtests.close();
      await ctx.engine.store.flush();
      await storage.close();
      // A test that did not look at the status still fails on an answer that broke its contract.
      if (contractMismatches.length > 0) throw new Error(`answers against their contract: ${JSON.stringify(contractMismatches)}`);
    },
  };
}
