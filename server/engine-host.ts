import type { Logger } from 'pino';
import { registry } from '../nodes/catalogue.ts';
import { Emitter } from '../runtime/broker/emitter.ts';
import { BrokerError } from '../runtime/broker/types.ts';
import { compileGraph } from '../runtime/plan.ts';
import type { Signal } from '../runtime/signal.ts';
import type { SimEngine } from '../runtime/sim-engine.ts';
import type { RunRecord } from '../runtime/trace.ts';
import type { AppContext } from './context.ts';
import { DeploymentHistory } from './deployments/history-recorder.ts';
import { storedSchedule } from './deployments/schedule.ts';
import { publishKernel, startTickEvents, type HostEvent } from './engine/event-publisher.ts';
import { JournalRunner } from './engine/journal-runner.ts';
import { installKillSwitch } from './engine/kill-switch.ts';
import { persistKernel } from './engine/persistence-hooks.ts';
import { restoreEngine } from './engine/restore.ts';
import { RunningDeployments, type DeploymentRow, type RunningDeployment } from './engine/running.ts';
import { TestRuns } from './engine/test-runs.ts';
import { TradingService } from './engine/trading-service.ts';
import type { AcceptResult, SignalJournal, Storage, TradingRecords } from './storage/storage.ts';
import { FunctionRouter } from './workers/function-router.ts';

export type { HostEvent } from './engine/event-publisher.ts';

/**
 * The engine inside the server: the SIM kernel with the server's handlers at its hook points (the store
 * persists, the WebSocket publishes, the kill switch stops), the running deployments and the signal
 * journal's runner. Each job lives in server/engine/; this puts them together and is what the server calls.
 */
export class EngineHost {
  /** A listener that throws (a socket gone bad) is logged; it must never take the process down. */
  readonly events: Emitter<HostEvent>;
  readonly journal: SignalJournal;
  readonly store: TradingRecords;
  /** What routes ask of the trading world (see AppContext.trading). */
  readonly trading: TradingService;
  /** Python workers' functions; each deployment reaches only its owner's workers (`/ws/workers`). */
  readonly functions = new FunctionRouter();
  /** Each deployment's underlying, combined premium and MTM, sampled at every tick (the live view's chart history). */
  readonly history: DeploymentHistory;
  private readonly running = new RunningDeployments();
  private readonly runner: JournalRunner;
  private readonly testRuns: TestRuns;

  constructor(
    readonly sim: SimEngine,
    storage: Pick<Storage, 'journal' | 'trading'>,
    private readonly log: Logger,
  ) {
    this.events = new Emitter<HostEvent>((err) => log.error({ err }, 'event listener failed'));
    this.journal = storage.journal;
    this.store = storage.trading;
    this.trading = new TradingService(sim);
    persistKernel(sim, this.store);
    publishKernel(sim, this.running, this.events);
    installKillSwitch(sim, { running: this.running, stop: (id) => this.stop(id), store: this.store, events: this.events, log });
    this.runner = new JournalRunner({ journal: this.journal, kernel: sim, running: this.running, events: this.events, log });
    this.testRuns = new TestRuns(sim, this.functions);
    this.history = recordHistory(sim, this.events, () => this.running.values());
  }

  /**
   * At boot: SIM accounts into the broker, orders, fills and position groups back into the SIM world, and
   * the deployments that were running started again. Signals they had not finished are resumed separately.
   */
  restore(ctx: AppContext): Promise<void> {
    return restoreEngine(ctx, this);
  }

  /**
   * Once per `intervalMs`: every underlying's price to WebSocket subscribers of `ticks`, and the market's
   * levels to the database when they moved.
   */
  startTickEvents(intervalMs: number): () => void {
    return startTickEvents(this.sim, this.events, this.store, intervalMs);
  }

  /** Makes a SIM account tradable (idempotent) and remembers whose it is. */
  addAccount(id: string, userId: string, capitalRupees: number): void {
    this.running.setAccountOwner(id, userId);
    try {
      this.sim.broker.addAccount({ id, name: id, capital: capitalRupees });
    } catch (err) {
      if (!(err instanceof BrokerError && err.code === 'DUPLICATE_ACCOUNT')) throw err;
    }
  }

  /** Starts running a deployment's published graph. Throws GraphInvalidError for a graph that no longer compiles. */
  start(row: DeploymentRow): void {
    if (this.running.has(row.id)) return;
    const plan = compileGraph(JSON.parse(row.graph) as unknown, registry);
    const runtime = this.sim.deploy(
      plan,
      { id: row.id, mode: row.mode, accountId: row.accountId, multiplier: row.multiplier },
      this.runner.hooksFor(row.userId, row.id),
      { functions: this.functions.forUser(row.userId) },
    );
    this.running.add({ id: row.id, userId: row.userId, accountId: row.accountId, plan, runtime, schedule: storedSchedule(row.schedule) });
  }

  stop(id: string): void {
    this.running.delete(id);
    this.sim.undeploy(id);
  }

  runningDeployments(): Iterable<RunningDeployment> {
    return this.running.values();
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Exits every open leg of a deployment at market. */
  async squareOff(deploymentId: string): Promise<void> {
    await this.sim.positions.exit({ scope: 'deployment', deploymentId, reason: 'square-off requested' });
  }

  /** Running deployments of this user whose graph listens on the signal's source and channel. */
  targets(userId: string, source: string, channel: string): string[] {
    return this.running.targets(userId, source, channel);
  }

  /** See JournalRunner.ingest: resolves once the journal entry is committed. */
  ingest(userId: string, signal: Signal, bodyHash: string, dedupeWindowMs: number, idempotencyKey?: string): Promise<AcceptResult> {
    return this.runner.ingest(userId, signal, bodyHash, dedupeWindowMs, idempotencyKey);
  }

  /** See JournalRunner.startAnswered: the caller has written its answers; their runs start now. */
  startAnswered(): void {
    this.runner.startAnswered();
  }

  /** See JournalRunner.resumePending: runs again what was acknowledged but not finished before the last stop. */
  resumePending(): Promise<number> {
    return this.runner.resumePending();
  }

  /** True while a run of this signal is executing (its journal status still says `accepted`). */
  inProgressSignal(signalId: string): boolean {
    return this.runner.inProgressSignal(signalId);
  }

  /** See TestRuns: a signal through a graph against the live market, placing nothing. */
  testRun(graph: unknown, signal: Signal, userId: string): Promise<RunRecord> {
    return this.testRuns.run(graph, signal, userId);
  }

  /** Waits for queued runs to finish (shutdown), at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    const all = this.runner
      .handedOver()
      .then(() => Promise.all([...this.running.values()].map((d) => d.runtime.idle())))
      .then(() => this.store.flush())
      .then(() => true);
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([all, timeout]);
  }
}

/** Samples the deployments at each `tick` event: kept apart from the hot path, one pass per second. */
function recordHistory(sim: SimEngine, events: Emitter<HostEvent>, running: () => Iterable<RunningDeployment>): DeploymentHistory {
  const { market, positions } = sim;
  const history = new DeploymentHistory(
    {
      spot: (u) => market.spot(u),
      ltp: (symbol) => market.quote(symbol)?.ltp,
      openGroups: (id) => positions.openGroupsOf(id),
      closedNetPaise: (id) => positions.closedNetPaise(id),
    },
    running,
  );
  events.on((event) => {
    if (event.type === 'tick') history.sample(event.data.time);
  });
  return history;
}
