import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import pino from 'pino';
import { registry } from '../nodes/catalogue.ts';
import { loadCalendar } from '../runtime/market/calendar-source.ts';
import { MarketError } from '../runtime/market/market-error.ts';
import { SimEngine } from '../runtime/sim-engine.ts';
import { createApp } from './app.ts';
import { coverageWarnings, describeCoverage } from './calendar-status.ts';
import { AtRest, AtRestError, bindServerKey, loadServerKey } from './auth/at-rest.ts';
import { BacktestRunner } from './backtests/runner.ts';
import { Revocations } from './auth/revocations.ts';
import { ensureAdmin } from './auth/users.ts';
import type { AppContext } from './context.ts';
import { openSqliteStorage } from './db/sqlite-storage.ts';
import { EngineHost } from './engine-host.ts';
import { parseEnv, type Env } from './env.ts';
import { describeSimClock, replayStartMs, simClockLine } from './sim-clock.ts';
import { fastWebhook } from './webhooks/fast-path.ts';
import { attachWorkers } from './workers/endpoint.ts';
import { attachWebSocket } from './ws/hub.ts';

/**
 * A day of SIM time: how long finished orders and closed position groups stay in memory (the database
 * keeps them, and the API reads its history there). Longer than a signal waits to be replayed at a restart.
 */
const KEEP_FINISHED_MS = 86_400_000;

/**
 * The writer that measured faster where LEGFLOW_WRITER is unset: on two cores a writer thread competes with
 * the main thread for the same cores and adds a hand-off per commit, and `npm run bench -- webhook` had the
 * inline writer ahead at 1 and 32 connections; with cores to spare the thread takes SQLite off the thread
 * that answers webhooks.
 */
function defaultWriter(cores: number): 'inline' | 'thread' {
  return cores <= 2 ? 'inline' : 'thread';
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Boots Legflow: database (migrated), the SIM world on the real clock with its state restored, the running
 * deployments and the signals they had not finished, then HTTP and both WebSockets (`/ws`, `/ws/workers`) on one port.
 */
export async function startServer(env: Env, print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<RunningServer> {
  const log = pino({ level: env.LOG_LEVEL });
  // First, before anything is opened: a bad $LEGFLOW_DATA/holidays.json stops the start, naming the field.
  const { calendar, userFile } = loadCalendar(env.LEGFLOW_DATA);
  // The server key before the database: migration 0009 seals what an older database kept in clear.
  const serverKey = loadServerKey(env.LEGFLOW_SECRET_KEY, env.LEGFLOW_DATA);
  const atRest = new AtRest(serverKey.key);
  const storage = await openSqliteStorage(env.LEGFLOW_DATA, {
    durability: env.LEGFLOW_DURABILITY,
    writer: env.LEGFLOW_WRITER ?? defaultWriter(availableParallelism()),
    atRest,
  });
  try {
    await bindServerKey(storage, atRest, serverKey.source);
  } catch (err) {
    await storage.close();
    throw err;
  }
  if (serverKey.warning) log.warn(serverKey.warning);
  const fromMs = replayStartMs(env.LEGFLOW_SIM_CLOCK, calendar, Date.now(), await storage.savedMarketTime());
  const replay = fromMs === undefined ? {} : { replay: { fromMs, speed: env.LEGFLOW_SIM_SPEED } };
  const sim = new SimEngine({ seed: env.LEGFLOW_SEED, retain: 1_000, keepFinishedMs: KEEP_FINISHED_MS, ...replay, calendar });
  const engine = new EngineHost(sim, storage, log);
  const backtests = new BacktestRunner({ db: storage.db, events: engine.events, log });
  const ctx: AppContext = { storage, env, log, engine, nodes: registry, trading: engine.trading, atRest, revocations: new Revocations(log), backtests };

  const admin = await ensureAdmin(ctx, env.LEGFLOW_ADMIN_PASSWORD);
  await engine.restore(ctx);
  const resumed = await engine.resumePending();
  const interrupted = await backtests.failInterrupted();

  const { app, receiveAlert } = createApp(ctx);
  const webhook = fastWebhook(receiveAlert, env.LEGFLOW_TRUSTED_PROXIES, log, () => engine.startAnswered());
  const server = createServer((req, res) => {
    if (!webhook(req, res)) app(req, res);
  });
  const ws = attachWebSocket(server, ctx);
  const workers = attachWorkers(server, ctx);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.HOST}:${port}`;
  // A replay steps as often as its speed needs for each step to cover the same market time as at 1×.
  const stepMs = Math.max(10, Math.round(env.LEGFLOW_TICK_MS / env.LEGFLOW_SIM_SPEED));
  const stopMarket = sim.start(stepMs, (err) => log.error({ err }, 'market step failed'));
  const stopTicks = engine.startTickEvents(1_000);

  if (interrupted > 0)
    print(`${interrupted} backtest${interrupted === 1 ? ' was' : 's were'} queued or running at the last stop: marked failed, to run again.`);
  if (resumed > 0) print(`Resumed ${resumed} signal run${resumed === 1 ? '' : 's'} that had not finished before the last stop.`);
  if (admin.password) print(`First start: sign in as "admin" with password ${admin.password} (shown once; change it after signing in).`);
  print(simClockLine(describeSimClock(sim)));
  print(describeCoverage(calendar, userFile));
  for (const warning of coverageWarnings(calendar, sim.clock.now())) log.warn(warning);
  print(`Legflow is running at ${url}`);
  log.info({ url, resumed }, 'started');

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        // Stop taking requests, let queued runs finish, then close the database cleanly.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        ws.close();
        workers.close();
        stopTicks();
        stopMarket();
        await backtests.close();
        const drained = await engine.drain(10_000);
        if (!drained) log.warn('stopped with runs still queued; they resume at the next start');
        server.closeAllConnections();
        await closed;
        await engine.store.flush();
        await storage.close();
      })()),
  };
}

/** `legflow start` / `npm start`. */
export async function main(): Promise<number> {
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  let running: RunningServer;
  try {
    running = await startServer(env);
  } catch (err) {
    // A holidays file it cannot use: say which field, and do not start on a calendar that would guess.
    // A server key that is not the database's: say so, and do not start unable to open its secrets.
    if (!(err instanceof MarketError) && !(err instanceof AtRestError)) throw err;
    process.stderr.write(`Legflow cannot start: ${err.message}\n`);
    return 1;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing queued work and closing the database…\n`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return new Promise<number>(() => undefined);
}
