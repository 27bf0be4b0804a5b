import type { CalendarPort, Clock, ExecutionPort, InstrumentsPort, NodeLogger, NodeMarketPort, NodeStateStore } from './context.ts';
import { dryRunExecution } from './dry-run.ts';
import { errorMessage } from './errors.ts';
import { runEvent, type RunEnv } from './execute.ts';
import { noFunctions, type FunctionsPort } from './functions.ts';
import type { Leg } from './message.ts';
import type { PriceWatch } from './node-contract.ts';
import type { Plan } from './plan.ts';
import type { PositionManager } from './positions/position-manager.ts';
import type { PositionEvent } from './positions/types.ts';
import type { Signal } from './signal.ts';
import type { RunRecord, TraceStep } from './trace.ts';

/** The shared services a deployment runs against (one set per process, or per `legflow run`). */
export interface EngineServices {
  clock: Clock;
  market: NodeMarketPort;
  instruments: InstrumentsPort;
  calendar: CalendarPort;
  positions: PositionManager;
  log: NodeLogger;
  /** Python workers' functions; without them a function node fails, saying there are none here. */
  functions?: FunctionsPort;
}

export interface DeploymentConfig {
  id: string;
  mode: 'sim' | 'live';
  accountId: string;
  /** Every leg's lots are multiplied by this (a whole number ≥ 1). */
  multiplier?: number;
  /** A test run: every node runs, nothing is placed. */
  dryRun?: boolean;
}

export interface DeploymentHooks {
  /** A signal the deployment made itself (a position event, a schedule) was queued: journal it. */
  onInternalSignal?(signal: Signal): void;
  /** The signal's run is starting (it waited its turn in the queue). */
  onStart?(signal: Signal): void;
  onRun?(signal: Signal, run: RunRecord): void;
  onStep?(signal: Signal, step: TraceStep): void;
}

/**
 * A published graph running for one account. Signals are processed one at a time in arrival order (a
 * signal is never dropped because another is running); state between runs (dedupe windows, position
 * groups) lives here and in the position manager, not in the run.
 */
export class Deployment {
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  /** Per node, made once: a run only looks them up. */
  private readonly nodeState = new Map<string, NodeStateStore>();
  private readonly ports = new Map<string, ExecutionPort>();
  private readonly nextFire = new Map<string, number>();
  /** Price sources: what each watches and its last reading. */
  private readonly priceWatches = new Map<string, PriceWatchState>();
  private readonly env: RunEnv;
  private readonly listensToPositions: boolean;

  constructor(
    readonly config: DeploymentConfig,
    readonly plan: Plan,
    private readonly services: EngineServices,
    private readonly hooks: DeploymentHooks = {},
  ) {
    const multiplier = config.multiplier ?? 1;
    if (!Number.isInteger(multiplier) || multiplier < 1) throw new Error(`multiplier must be a whole number ≥ 1, got ${multiplier}`);
    const dry = config.dryRun ? dryRunExecution(services.market) : undefined;
    this.env = {
      clock: services.clock,
      market: services.market,
      instruments: services.instruments,
      calendar: services.calendar,
      log: services.log,
      deployment: { id: config.id, mode: config.mode },
      dryRun: config.dryRun ?? false,
      functions: services.functions ?? noFunctions(config.dryRun ? NO_FUNCTIONS_IN_TEST_RUNS : NO_FUNCTIONS_HERE),
      execution: (nodeId) => dry ?? this.execution(nodeId, multiplier),
      state: (nodeId) => this.stateFor(nodeId),
    };
    this.listensToPositions = plan.sources.some((i) => plan.steps[i]!.def.trigger!.source === 'position');
    this.planSchedules(services.clock.now());
    this.planPriceWatches();
  }

  /** Queues a signal behind those already accepted; resolves with its run once it has run. */
  submit(signal: Signal): Promise<RunRecord> {
    this.pending++;
    const run = this.queue.then(() => {
      this.notify('onStart', signal, () => this.hooks.onStart?.(signal));
      return runEvent(this.plan, signal, this.env, { onStep: (step) => this.notify('onStep', signal, () => this.hooks.onStep?.(signal, step)) });
    });
    this.queue = run.then(
      (record) => {
        this.pending--;
        this.notify('onRun', signal, () => this.hooks.onRun?.(signal, record));
      },
      () => this.pending--,
    );
    return run;
  }

  private submitInternal(signal: Signal): Promise<RunRecord> {
    this.notify('onInternalSignal', signal, () => this.hooks.onInternalSignal?.(signal));
    return this.submit(signal);
  }

  /** A listener that throws (a store or a socket down) must neither stop this run nor the signals queued behind it. */
  private notify(hook: keyof DeploymentHooks, signal: Signal, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.services.log.warn(`${hook} listener failed: ${errorMessage(err)}`, { deploymentId: this.config.id, signalId: signal.id });
    }
  }

  /** Resolves when every queued signal, including those queued meanwhile, has run. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue;
  }

  /** Position events of this deployment re-enter its graph as `position` signals (re-entry). */
  onPositionEvent(event: PositionEvent): Promise<RunRecord> | undefined {
    // A graph without a position source would only record an ignored run for every stop and exit.
    if (event.deploymentId !== this.config.id || !this.listensToPositions) return undefined;
    // Derived from the event itself, so the same event after a restart is the same signal (one entry, not two).
    const id = `${this.config.id}:pos:${event.groupId}:${event.type}:${event.legId ?? ''}:${event.time}`;
    return this.submitInternal(positionSignal(event, id));
  }

  /** Fires every schedule source due at or before `now`, once each, and plans its next time. */
  fireDueSchedules(now: number): Array<Promise<RunRecord>> {
    const runs: Array<Promise<RunRecord>> = [];
    for (const [nodeId, at] of this.nextFire) {
      if (at > now) continue;
      const step = this.plan.steps.find((s) => s.nodeId === nodeId)!;
      runs.push(this.submitInternal(scheduleSignal(`${this.config.id}:${nodeId}`, nodeId, at, step.params)));
      this.scheduleAfter(nodeId, at);
    }
    return runs;
  }

  /** The earliest planned schedule firing, if any. */
  nextScheduledAt(): number | undefined {
    const times = [...this.nextFire.values()];
    return times.length ? Math.min(...times) : undefined;
  }

  /**
   * Reads the index of every price source and fires each whose move since the last reading crosses its
   * level. The reading at deployment is the first baseline, so a cross needs a move after the start.
   */
  watchPrices(now: number): Array<Promise<RunRecord>> {
    const runs: Array<Promise<RunRecord>> = [];
    for (const [nodeId, w] of this.priceWatches) {
      const previous = w.previous;
      const current = this.readSpot(nodeId, w);
      w.previous = current;
      if (previous === undefined || current === undefined) continue;
      const key = w.watch.fires(w.params, { previous, current, now, lastFiredAt: w.lastFiredAt });
      if (key === undefined) continue;
      w.lastFiredAt = now;
      runs.push(this.submitInternal(priceSignal(`${this.config.id}:${nodeId}:price:${key}`, nodeId, w, { previous, current }, now)));
    }
    return runs;
  }

  private planPriceWatches(): void {
    for (const i of this.plan.sources) {
      const step = this.plan.steps[i]!;
      const watch = step.def.trigger?.watchPrice;
      if (!watch) continue;
      const w: PriceWatchState = { watch, params: step.params, underlying: watch.underlying(step.params), warned: false };
      w.previous = this.readSpot(step.nodeId, w);
      this.priceWatches.set(step.nodeId, w);
    }
  }

  /** The watched index's spot; undefined (warned once) when the market does not know it. */
  private readSpot(nodeId: string, w: PriceWatchState): number | undefined {
    try {
      return this.services.market.spot(w.underlying);
    } catch (err) {
      if (!w.warned) this.services.log.warn(`price source ${nodeId} cannot read ${w.underlying}: ${errorMessage(err)}`, { deploymentId: this.config.id });
      w.warned = true;
      return undefined;
    }
  }

  private planSchedules(now: number): void {
    for (const i of this.plan.sources) {
      const step = this.plan.steps[i]!;
      if (step.def.trigger?.nextFire) this.scheduleAfter(step.nodeId, now);
    }
  }

  private scheduleAfter(nodeId: string, after: number): void {
    const step = this.plan.steps.find((s) => s.nodeId === nodeId)!;
    let at: number | undefined;
    try {
      at = step.def.trigger!.nextFire!(step.params, after, this.services.calendar);
    } catch (err) {
      // It cannot plan its next firing (the holiday calendar ends): it stops, loudly, rather than fire on a day
      // that may be a holiday. The deployment keeps running and keeps watching what it holds.
      this.services.log.warn(`schedule ${nodeId} stopped: ${errorMessage(err)}`, { deploymentId: this.config.id, nodeId });
    }
    if (at === undefined) this.nextFire.delete(nodeId);
    else this.nextFire.set(nodeId, at);
  }

  private execution(nodeId: string, multiplier: number): ExecutionPort {
    const cached = this.ports.get(nodeId);
    if (cached) return cached;
    const { id: deploymentId, mode, accountId } = this.config;
    const positions = this.services.positions;
    const port: ExecutionPort = {
      enter: (req) =>
        positions.enter({
          deploymentId,
          mode,
          accountId,
          legs: multiplier === 1 ? req.legs : req.legs.map((leg) => scaleLeg(leg, multiplier)),
          risk: req.risk,
          orderType: req.orderType,
          limitOffsetPct: req.limitOffsetPct,
          ...(req.chase && { chase: req.chase }),
          ...(req.group && { group: req.group }),
          ...(req.whenClosed && { whenClosed: req.whenClosed }),
          // One entry per signal and node: a replayed signal never enters twice.
          idempotencyKey: `${req.signal.id}:${nodeId}`,
        }),
      exit: ({ signal: _signal, reason, ...scope }) => positions.exit({ ...scope, deploymentId, reason }),
    };
    this.ports.set(nodeId, port);
    return port;
  }

  private stateFor(nodeId: string): NodeStateStore {
    let store = this.nodeState.get(nodeId);
    if (!store) {
      const map = new Map<string, unknown>();
      store = { get: <T>(key: string) => map.get(key) as T | undefined, set: (key, value) => void map.set(key, value) };
      this.nodeState.set(nodeId, store);
    }
    return store;
  }
}

const NO_FUNCTIONS_IN_TEST_RUNS = 'a test run calls no Python worker; deploy the graph to SIM to run its Python functions';
const NO_FUNCTIONS_HERE =
  'Python functions run only in deployments on a Legflow server (npm start) with a worker connected; this engine (legflow run) has none';

function scaleLeg(leg: Leg, multiplier: number): Leg {
  return { ...leg, lots: leg.lots * multiplier, qty: leg.qty * multiplier };
}

export function positionSignal(event: PositionEvent, id: string): Signal {
  const receivedAt = new Date(event.time).toISOString();
  return {
    id,
    source: 'position',
    channel: 'position',
    action: event.type.toUpperCase(),
    receivedAt,
    data: { event: event.type, ...event },
    dedupeKey: `position|${id}`,
  };
}

interface PriceWatchState {
  watch: PriceWatch<unknown>;
  params: unknown;
  underlying: string;
  previous?: number | undefined;
  lastFiredAt?: number;
  warned: boolean;
}

function priceSignal(id: string, nodeId: string, w: PriceWatchState, move: { previous: number; current: number }, at: number): Signal {
  const action = typeof (w.params as { action?: unknown }).action === 'string' ? (w.params as { action: string }).action : 'ENTRY';
  const receivedAt = new Date(at).toISOString();
  return {
    id,
    source: 'price',
    channel: 'price',
    action: action.toUpperCase(),
    symbol: w.underlying,
    price: move.current,
    time: receivedAt,
    receivedAt,
    data: { nodeId, previous: move.previous },
    dedupeKey: `price|${id}`,
  };
}

function scheduleSignal(idPrefix: string, nodeId: string, at: number, params: unknown): Signal {
  const action = typeof (params as { action?: unknown }).action === 'string' ? (params as { action: string }).action : 'ENTRY';
  const receivedAt = new Date(at).toISOString();
  return {
    id: `${idPrefix}:sched:${at}`,
    source: 'schedule',
    channel: 'schedule',
    action: action.toUpperCase(),
    time: receivedAt,
    receivedAt,
    data: { nodeId },
    dedupeKey: `schedule|${nodeId}|${at}`,
  };
}
