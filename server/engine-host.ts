import type BetterSqlite3 from 'better-sqlite3';
import type { Logger } from 'pino';
import { registry } from '../nodes/catalogue.ts';
import { Emitter } from '../runtime/broker/emitter.ts';
import { BrokerError } from '../runtime/broker/types.ts';
import type { Deployment } from '../runtime/deployment.ts';
import { compileGraph, type Plan } from '../runtime/plan.ts';
import type { Signal } from '../runtime/signal.ts';
import type { SimEngine } from '../runtime/sim-engine.ts';
import type { RunRecord, TraceStep } from '../runtime/trace.ts';
import type { AppContext } from './context.ts';
import { SignalJournal, type AcceptResult, type PendingRun, type SignalStatus } from './signal-journal.ts';
import { snapshotPnl, type GroupSnapshot } from '../runtime/positions/snapshot.ts';
import { TradingStore } from './trading-store.ts';
import type { Writer } from './db/writer.ts';
import { FunctionRouter } from './workers/function-router.ts';
import { outsideSchedule, skippedRun, storedSchedule, type Schedule } from './deployments/schedule.ts';
import { DeploymentHistory } from './deployments/history-recorder.ts';

/** Starts a run may have in all: the first, and one more after the server stopped during it. */
export const MAX_RUN_ATTEMPTS = 2;

/** A run not made again: recorded `failed`, with `abandoned.reason` saying why (like a schedule's `skipped`). */
export type AbandonedRun = RunRecord & { abandoned: { code: 'stopped_during_run'; reason: string; attempts: number } };

/** What the WebSocket pushes: every event belongs to one user and names its deployment where it has one. */
export type HostEvent =
  | { type: 'signal.received'; userId: string; data: { signalId: string; source: string; channel: string; action: string; status: string; deploymentIds: string[] } }
  | { type: 'signal.status'; userId: string; data: { signalId: string; status: SignalStatus } }
  | { type: 'run.node'; userId: string; data: { signalId: string; deploymentId: string; step: TraceStep } }
  | { type: 'order.updated'; userId: string; data: { deploymentId: string | null; order: unknown } }
  | { type: 'position.updated'; userId: string; data: { deploymentId: string; group: unknown; realisedPnl: number; charges: number; netPnl: number } }
  | { type: 'deployment.stopped'; userId: string; data: { deploymentId: string; reason: string; pnl?: number } }
  | { type: 'tick'; userId: '*'; data: { time: number; spots: Record<string, number> } };

export interface RunningDeployment {
  id: string;
  userId: string;
  accountId: string;
  plan: Plan;
  runtime: Deployment;
  /** Days and IST hours it takes signals; null for always. */
  schedule: Schedule | null;
}

export interface DeploymentRow {
  id: string;
  userId: string;
  graph: string;
  mode: 'sim' | 'live';
  accountId: string;
  multiplier: number;
  /** The schedule as stored (JSON), or null/absent for always. */
  schedule?: string | null;
}

/**
 * The engine inside the server: the live SIM world, the running deployments, and the signal journal's
 * execution. Webhooks hand it signals already journaled; it runs them per deployment in arrival order,
 * records every run, persists orders, fills and position groups as they change, and reports it all as
 * events for the WebSocket.
 */
export class EngineHost {
  /** A listener that throws (a socket gone bad) is logged; it must never take the process down. */
  readonly events: Emitter<HostEvent>;
  readonly journal: SignalJournal;
  readonly store: TradingStore;
  /** Python workers' functions; each deployment reaches only its owner's workers (`/ws/workers`). */
  readonly functions = new FunctionRouter();
  /** Each deployment's underlying, combined premium and MTM, sampled at every tick (the live view's chart history). */
  readonly history: DeploymentHistory;
  private readonly running = new Map<string, RunningDeployment>();
  private readonly accountOwners = new Map<string, string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private testRuns = 0;
  /** Runs in progress per signal: the journal says `accepted` until a run finishes, the API says `running`. */
  private readonly inProgress = new Map<string, number>();

  constructor(
    readonly sim: SimEngine,
    sqlite: BetterSqlite3.Database,
    private readonly writer: Writer,
    private readonly log: Logger,
  ) {
    this.events = new Emitter<HostEvent>((err) => log.error({ err }, 'event listener failed'));
    this.journal = new SignalJournal(sqlite, writer, () => sim.clock.now());
    this.store = new TradingStore(sqlite, writer);
    // Through the engine, not the broker: the store must write an order before the position manager reacts.
    sim.onBrokerUpdate((event) => {
      if (event.type === 'order') {
        this.store.saveOrder(event.order);
        this.emitForAccount(event.order.accountId, (userId) => ({
          type: 'order.updated',
          userId,
          data: { deploymentId: event.order.tag ?? null, order: event.order },
        }));
      } else if (event.type === 'fill') this.store.saveFill(event.fill);
    });
    sim.onGroupChange((snapshot) => this.groupChanged(snapshot));
    this.history = recordHistory(this);
    sim.positions.onEvent((event) => {
      if (event.type === 'daily_loss_hit') this.killSwitch(event.deploymentId, event.pnl);
    });
  }

  /** Persists and reports a position group's change (before the next order goes out). */
  private groupChanged(group: GroupSnapshot): void {
    this.store.saveGroup(group, this.sim.clock.now());
    // A stopped deployment's groups still change (a square-off, a restored exit): its owner hears of them.
    const owner = this.running.get(group.deploymentId)?.userId ?? this.accountOwners.get(group.accountId);
    // The group as saved (paise), with its P&L gross and net beside it, in rupees.
    if (owner) this.events.emit({ type: 'position.updated', userId: owner, data: { deploymentId: group.deploymentId, group, ...snapshotPnl(group) } });
  }

  /**
   * At boot: SIM accounts into the broker, orders, fills and position groups back into the SIM world, and
   * the deployments that were running started again. Signals they had not finished are resumed separately.
   */
  async restore(ctx: AppContext): Promise<void> {
    for (const a of await ctx.db.selectFrom('accounts').selectAll().where('mode', '=', 'sim').execute()) {
      this.addAccount(a.id, a.userId, a.capitalPaise / 100);
      if (a.maxDailyLossPaise !== null) this.sim.positions.setAccountDailyLoss(a.id, a.maxDailyLossPaise / 100);
    }
    // Continue the SIM market from where it stood, so open positions keep their value across a restart.
    for (const [underlying, level] of Object.entries(this.store.savedLevels())) {
      if (this.sim.instruments.has(underlying)) this.sim.market.setSpot(underlying, level);
    }
    await this.sim.restore(await this.store.load());
    const rows = await ctx.db
      .selectFrom('deployments')
      .innerJoin('graphVersions', (j) => j.onRef('graphVersions.graphId', '=', 'deployments.graphId').onRef('graphVersions.version', '=', 'deployments.version'))
      .select(['deployments.id', 'deployments.userId', 'deployments.mode', 'deployments.accountId', 'deployments.multiplier', 'deployments.schedule', 'graphVersions.graph'])
      .where('deployments.status', '=', 'running')
      .orderBy('deployments.createdAt')
      .execute();
    for (const row of rows) {
      try {
        this.start(row);
      } catch (err) {
        this.log.error({ err, deploymentId: row.id }, 'deployment could not be restarted');
      }
    }
  }

  /**
   * Once per `intervalMs`: every underlying's price to WebSocket subscribers of `ticks`, and the market's
   * levels to the database when they moved.
   */
  startTickEvents(intervalMs: number): () => void {
    let savedVersion = -1;
    const timer = setInterval(() => {
      const spots = Object.fromEntries(this.sim.instruments.underlyings().map((u) => [u, this.sim.market.spot(u)]));
      this.events.emit({ type: 'tick', userId: '*', data: { time: this.sim.market.time, spots } });
      if (this.sim.market.version !== savedVersion) {
        savedVersion = this.sim.market.version;
        this.store.saveLevels(spots, this.sim.market.time);
      }
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Makes a SIM account tradable (idempotent) and remembers whose it is. */
  addAccount(id: string, userId: string, capitalRupees: number): void {
    this.accountOwners.set(id, userId);
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
      {
        onInternalSignal: (signal) => this.journalInternal(row.userId, row.id, signal),
        onStart: (signal) => {
          this.inProgress.set(signal.id, (this.inProgress.get(signal.id) ?? 0) + 1);
          this.events.emit({ type: 'signal.status', userId: row.userId, data: { signalId: signal.id, status: 'running' } });
        },
        onStep: (signal, step) => this.events.emit({ type: 'run.node', userId: row.userId, data: { signalId: signal.id, deploymentId: row.id, step } }),
        onRun: (signal, record) => this.finished(row.userId, row.id, signal, record),
      },
      { functions: this.functions.forUser(row.userId) },
    );
    this.running.set(row.id, { id: row.id, userId: row.userId, accountId: row.accountId, plan, runtime, schedule: storedSchedule(row.schedule) });
  }

  stop(id: string): void {
    this.running.delete(id);
    this.sim.undeploy(id);
  }

  /**
   * The daily loss limit was reached: the monitor is exiting everything the deployment holds; the
   * deployment stops taking signals, and stays stopped after a restart until its owner starts it again.
   */
  private killSwitch(deploymentId: string, pnl: number | undefined): void {
    const d = this.running.get(deploymentId);
    if (!d) return;
    this.stop(deploymentId);
    this.writer.write({ kind: 'deployment-status', id: deploymentId, status: 'stopped', at: Date.now() });
    this.log.warn({ deploymentId, pnl }, 'daily loss limit reached: deployment squared off and stopped');
    this.events.emit({ type: 'deployment.stopped', userId: d.userId, data: { deploymentId, reason: 'daily loss limit', ...(pnl !== undefined && { pnl }) } });
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
    const ids: string[] = [];
    for (const d of this.running.values()) {
      if (d.userId === userId && d.plan.channels.some((c) => c.source === source && c.channel === channel)) ids.push(d.id);
    }
    return ids;
  }

  /**
   * Journals a signal and queues it for its deployments. Resolves once the journal entry is committed, so
   * the caller answers only what is on disk; alerts arriving together share one commit.
   */
  async ingest(userId: string, signal: Signal, bodyHash: string, dedupeWindowMs: number, idempotencyKey?: string): Promise<AcceptResult> {
    const deploymentIds = this.targets(userId, signal.source, signal.channel);
    const entry = { userId, signal, bodyHash, deploymentIds, ...(idempotencyKey ? { idempotencyKey } : {}) };
    const result = await this.journal.accept(entry, dedupeWindowMs);
    const data = { signalId: signal.id, source: signal.source, channel: signal.channel, action: signal.action, status: result.status, deploymentIds };
    this.events.emit({ type: 'signal.received', userId, data });
    if (result.status === 'accepted') for (const id of deploymentIds) this.dispatch(id, signal);
    return result;
  }

  /**
   * Runs again what was acknowledged but not finished before the last stop, oldest first; resolves with how
   * many. A deployment runs its signals one at a time, so its oldest unfinished run is the one that was in
   * progress when the server stopped. That run starts again only while it has started fewer than
   * MAX_RUN_ATTEMPTS times (the count is on disk before it starts); after that it is recorded failed with
   * the reason, so a run that stops the server cannot stop it again at every start.
   */
  async resumePending(): Promise<number> {
    const pending = this.journal.pendingRuns();
    const inProgress = new Map<string, PendingRun>();
    for (const p of pending) if (this.running.has(p.deploymentId) && !inProgress.has(p.deploymentId)) inProgress.set(p.deploymentId, p);
    const abandoned = new Map<PendingRun, number>();
    const resumes: Array<Promise<void>> = [];
    for (const p of inProgress.values()) {
      // Queued on disk: started once, in the process that stopped. Running: started `attempts` times.
      const started = p.status === 'running' ? p.attempts : 1;
      if (started >= MAX_RUN_ATTEMPTS) abandoned.set(p, started);
      else resumes.push(this.journal.runResumed(p.signalId, p.deploymentId, started + 1));
    }
    await Promise.all(resumes);
    for (const p of pending) {
      const started = abandoned.get(p);
      if (started === undefined) this.dispatch(p.deploymentId, p.signal);
      else this.abandon(p, started);
    }
    return pending.length - abandoned.size;
  }

  /** Records a run the server stopped during every time it started as failed, saying so, instead of running it. */
  private abandon(p: PendingRun, started: number): void {
    const d = this.running.get(p.deploymentId)!;
    const reason = `The server stopped during this run ${started} times, so it is not run again: a run that stops the server would stop it at every start. Try the graph with this signal in the editor's test run, fix what makes it fail, and send the signal again.`;
    this.log.warn({ signalId: p.signalId, deploymentId: p.deploymentId, attempts: started }, 'run abandoned: the server stopped during it every time');
    const run: AbandonedRun = { signalId: p.signalId, status: 'failed', startedAt: this.sim.clock.now(), durationUs: 0, steps: [], abandoned: { code: 'stopped_during_run', reason, attempts: started } };
    this.finished(d.userId, d.id, p.signal, run);
  }

  /**
   * Runs a signal through a graph against the live market without placing anything. Python nodes call the
   * user's connected workers, as the deployed graph would: a function call places no order.
   */
  async testRun(graph: unknown, signal: Signal, userId: string): Promise<RunRecord> {
    const plan = compileGraph(graph, registry);
    const deployment = this.sim.deploy(plan, { id: `test-run-${++this.testRuns}`, dryRun: true }, {}, { register: false, functions: this.functions.forUser(userId) });
    return deployment.submit(signal);
  }

  /** Waits for queued runs to finish (shutdown), at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    const all = Promise.all([...this.running.values()].map((d) => d.runtime.idle()))
      .then(() => this.store.flush())
      .then(() => true);
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([all, timeout]);
  }

  private dispatch(deploymentId: string, signal: Signal): void {
    const d = this.running.get(deploymentId);
    if (!d) {
      this.log.warn({ deploymentId, signalId: signal.id }, 'signal queued for a deployment that is not running; it stays queued');
      return;
    }
    if (this.skipOutsideSchedule(d, signal)) return;
    const run = d.runtime.submit(signal).catch((err: unknown) => this.log.error({ err, deploymentId, signalId: signal.id }, 'run crashed'));
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Outside its schedule a deployment runs nothing: the run is recorded as skipped, saying why. */
  private skipOutsideSchedule(d: RunningDeployment, signal: Signal): boolean {
    if (!d.schedule) return false;
    const now = this.sim.clock.now();
    const reason = outsideSchedule(d.schedule, now, this.sim.calendar);
    if (reason === null) return false;
    this.finished(d.userId, d.id, signal, skippedRun(signal.id, now, reason));
    return true;
  }

  private journalInternal(userId: string, deploymentId: string, signal: Signal): void {
    // Queued ahead of the run's outcome, so it is on disk first. A replayed position event has the same id
    // as before the restart: journaled once, run again (idempotent).
    this.journal.acceptInternal({ userId, signal, bodyHash: signal.dedupeKey, deploymentIds: [deploymentId] }).then(
      (result) => {
        if (result.status === 'exists') return;
        const data = { signalId: signal.id, source: signal.source, channel: signal.channel, action: signal.action, status: result.status, deploymentIds: [deploymentId] };
        this.events.emit({ type: 'signal.received', userId, data });
      },
      (err: unknown) => this.log.error({ err, signalId: signal.id }, 'position signal not journaled'),
    );
  }

  /** True while a run of this signal is executing (its journal status still says `accepted`). */
  inProgressSignal(signalId: string): boolean {
    return this.inProgress.has(signalId);
  }

  private finished(userId: string, deploymentId: string, signal: Signal, record: RunRecord): void {
    const left = (this.inProgress.get(signal.id) ?? 1) - 1;
    if (left > 0) this.inProgress.set(signal.id, left);
    else this.inProgress.delete(signal.id);
    // Behind the orders the run placed, in the same or a later commit: a run never counts as done without
    // them. Runs finishing in one turn of the event loop share one commit.
    this.journal.runFinished(signal.id, deploymentId, record, Date.now()).then(
      (status) => this.events.emit({ type: 'signal.status', userId, data: { signalId: signal.id, status } }),
      (err: unknown) => this.log.error({ err, signalId: signal.id, deploymentId }, 'run outcome not recorded'),
    );
    this.log.info({ signalId: signal.id, deploymentId, status: record.status, us: record.durationUs }, 'run');
  }

  private emitForAccount(accountId: string, make: (userId: string) => HostEvent): void {
    const userId = this.accountOwners.get(accountId);
    if (userId) this.events.emit(make(userId));
  }
}

/** Samples the deployments at each `tick` event: kept apart from the hot path, one pass per second. */
function recordHistory(host: EngineHost): DeploymentHistory {
  const { market, positions } = host.sim;
  const history = new DeploymentHistory(
    { spot: (u) => market.spot(u), ltp: (symbol) => market.quote(symbol)?.ltp, openGroups: (id) => positions.openGroupsOf(id), closedNetPaise: (id) => positions.closedNetPaise(id) },
    () => host.runningDeployments(),
  );
  host.events.on((event) => {
    if (event.type === 'tick') history.sample(event.data.time);
  });
  return history;
}
