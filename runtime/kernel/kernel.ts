import { BrokerRouter } from '../broker/broker-router.ts';
import type { BrokerHistory } from '../broker/history.ts';
import type { BrokerEvent } from '../broker/types.ts';
import type { NodeLogger } from '../context.ts';
import { Deployment, type DeploymentConfig, type DeploymentHooks, type EngineServices } from '../deployment.ts';
import type { FunctionsPort } from '../functions.ts';
import type { TradingCalendar } from '../market/calendar.ts';
import { VirtualClock } from '../market/clock.ts';
import type { ExchangeHours } from '../market/exchange-hours.ts';
import type { Instruments } from '../market/instruments.ts';
import type { Plan } from '../plan.ts';
import { PositionMonitor } from '../positions/monitor.ts';
import { PositionManager } from '../positions/position-manager.ts';
import type { GroupSnapshot } from '../positions/snapshot.ts';
import type { PositionEvent } from '../positions/types.ts';
import type { BrokerAdapter, Environment, KernelClock, MarketData } from './adapters.ts';
import { KernelHooks } from './hooks.ts';
import { drainingBroker, Outbox } from './outbox.ts';

export interface KernelOptions {
  /**
   * How many position events and log lines `events` and `logs` keep, newest last (default: all). A
   * long-running server sets it, so that they do not grow for as long as it runs.
   */
  retain?: number;
  /**
   * How long (clock ms) closed position groups stay in memory (default: for ever). A long-running server
   * sets it: its store keeps them. See PositionManagerOptions.keepClosedMs.
   */
  keepFinishedMs?: number;
}

/** What a store saved of a kernel, handed back after a restart. */
export interface EngineSavedState extends BrokerHistory {
  groups: readonly GroupSnapshot[];
}

export interface LogEntry {
  time: number;
  level: 'info' | 'warn';
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * What SIM, backtest and live have in common: the clock, market data and broker of an environment (see
 * environment.ts), the position manager and monitor, and the deployments. On a virtual clock `tick(ms)`
 * moves time; on a real or replayed one `start(intervalMs)` steps the market as time passes. Each step moves
 * prices, fills crossed limits, checks risk, fires schedules and price crosses; it resolves once the runs it
 * caused are done. What happens around a broker event, a group change or a position event (a store, a
 * WebSocket, a kill switch) is added at the named points of `hooks`, which run in a fixed order; a broker
 * event reaches them after the broker call that reported it has returned (see outbox.ts), never inside it.
 */
export class Kernel<M extends MarketData = MarketData, B extends BrokerAdapter = BrokerAdapter> {
  readonly clock: KernelClock;
  readonly calendar: TradingCalendar;
  readonly instruments: Instruments;
  /** When each exchange trades: the broker fills and the manager enters only while it is open. */
  readonly hours: ExchangeHours;
  readonly market: M;
  readonly broker: B;
  readonly positions: PositionManager;
  readonly monitor: PositionMonitor;
  readonly accountId: string;
  readonly hooks: KernelHooks;
  readonly events: PositionEvent[] = [];
  readonly logs: LogEntry[] = [];
  private readonly deployments = new Map<string, Deployment>();
  private readonly retain: number;
  /** The broker's events, delivered through `hooks` once the broker call that reported them has returned. */
  private readonly brokerEvents = new Outbox<BrokerEvent>();

  constructor(environment: Environment<M, B>, options: KernelOptions = {}) {
    ({
      clock: this.clock,
      calendar: this.calendar,
      instruments: this.instruments,
      hours: this.hours,
      market: this.market,
      broker: this.broker,
      accountId: this.accountId,
    } = environment);
    this.retain = options.retain ?? Infinity;
    // The broker charges every fill (and reports it on the order), so the manager is given no rates of its own.
    this.positions = new PositionManager({
      router: new BrokerRouter([drainingBroker(this.broker, this.brokerEvents)]),
      market: this.market,
      clock: this.clock,
      ids: environment.ids,
      hours: this.hours,
      ...(options.keepFinishedMs !== undefined && { keepClosedMs: options.keepFinishedMs }),
      subscribe: false,
    });
    this.monitor = new PositionMonitor(this.positions, this.market);
    this.hooks = new KernelHooks({
      broker: (run) => {
        this.brokerEvents.deliverTo(run);
        this.broker.onUpdate((event) => this.brokerEvents.record(event));
      },
      group: (run) => this.positions.onGroupChange(run),
      position: (run) => this.positions.onEvent(run),
    });
    this.hooks.on('broker:positions', (event) => this.positions.onBrokerEvent(event));
    this.hooks.on('position:deployments', (event) => {
      keepLast(this.events, event, this.retain);
      void this.deployments.get(event.deploymentId)?.onPositionEvent(event);
    });
  }

  get services(): EngineServices {
    return {
      clock: this.clock,
      market: this.market,
      instruments: this.instruments,
      calendar: this.calendar,
      positions: this.positions,
      log: this.logger(),
    };
  }

  /**
   * A deployment on this kernel. Registered ones receive ticks, schedules and position events; a test run
   * (`register: false`) only runs the signals it is given. `functions`: the Python functions its nodes may
   * call (its owner's workers); without them a function node fails, saying why.
   */
  deploy(
    plan: Plan,
    config: Partial<DeploymentConfig> & { id: string },
    hooks?: DeploymentHooks,
    options: { register?: boolean; functions?: FunctionsPort } = {},
  ): Deployment {
    const services = options.functions ? { ...this.services, functions: options.functions } : this.services;
    const deployment = new Deployment({ mode: this.broker.mode, accountId: this.accountId, ...config }, plan, services, hooks);
    if (options.register ?? true) this.deployments.set(config.id, deployment);
    return deployment;
  }

  /** Stops routing ticks, schedules and position events to a deployment. */
  undeploy(id: string): void {
    this.deployments.delete(id);
  }

  /**
   * Picks up after a restart from what a store saved: the broker first (orders, positions, cash), then the
   * position groups, which ask the broker what became of the orders they were waiting for. Call it once,
   * after the accounts are added and before any deployment runs a signal; then replay the signals that were
   * acknowledged but not finished: an entry already made returns its group and places nothing.
   */
  async restore(saved: EngineSavedState): Promise<void> {
    this.brokerEvents.around(() => this.broker.restore(saved));
    await this.positions.restore(saved.groups);
  }

  /** Virtual clock only: moves time by `ms`, then steps the market. */
  async tick(ms: number): Promise<void> {
    if (!(this.clock instanceof VirtualClock)) throw new Error('tick(ms) needs a virtual clock; a real-time engine uses start()');
    this.clock.advance(ms);
    await this.step();
  }

  /** One market step at the clock's current time. */
  async step(): Promise<void> {
    const now = this.clock.now();
    this.market.advanceTo(now);
    this.brokerEvents.around(() => this.broker.onMarket());
    this.positions.forgetClosed(now);
    await this.monitor.evaluate(now);
    // The runs these start are waited for by idle(), deployment by deployment.
    for (const d of this.deployments.values()) void d.fireDueSchedules(now);
    for (const d of this.deployments.values()) void d.watchPrices(now);
    await this.idle();
  }

  /**
   * Real clock: steps every `intervalMs` until the returned function is called. A step never overlaps the
   * previous one; a slow step delays the next instead of piling up.
   */
  start(intervalMs: number, onError: (err: unknown) => void): () => void {
    if (this.clock instanceof VirtualClock) throw new Error('start() needs the real clock; a virtual engine uses tick(ms)');
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const loop = (): void => {
      if (stopped) return;
      this.step().then(
        () => (timer = setTimeout(loop, intervalMs)),
        (err: unknown) => {
          onError(err);
          timer = setTimeout(loop, intervalMs);
        },
      );
    };
    timer = setTimeout(loop, intervalMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  async idle(): Promise<void> {
    for (const d of this.deployments.values()) await d.idle();
  }

  private logger(): NodeLogger {
    const write = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
      keepLast(this.logs, { time: this.clock.now(), level, message, ...(fields ? { fields } : {}) }, this.retain);
    };
    return { info: write('info'), warn: write('warn') };
  }
}

/** Appends, dropping the oldest entries beyond `max` (in batches, so a full list costs no shift per push). */
function keepLast<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max + Math.max(1, Math.floor(max / 4))) list.splice(0, list.length - max);
}
