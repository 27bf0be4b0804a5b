import { ChargeSchedule, type ChargeModel } from './broker/charges.ts';
import { DEFAULT_MARGIN, type MarginRates } from './broker/margin.ts';
import { BrokerRouter } from './broker/broker-router.ts';
import type { BrokerHistory } from './broker/history.ts';
import { SimBroker } from './broker/sim-broker.ts';
import { Emitter } from './broker/emitter.ts';
import { counterIds, type BrokerEvent, type BrokerListener } from './broker/types.ts';
import type { NodeLogger } from './context.ts';
import type { FunctionsPort } from './functions.ts';
import { Deployment, type DeploymentConfig, type DeploymentHooks, type EngineServices } from './deployment.ts';
import { TradingCalendar } from './market/calendar.ts';
import { RealClock, VirtualClock } from './market/clock.ts';
import { ReplayClock } from './market/replay-clock.ts';
import { ExchangeHours } from './market/exchange-hours.ts';
import { Instruments } from './market/instruments.ts';
import { defaultMarketSettings, parseMarketSettings } from './market/market-settings.ts';
import { SyntheticMarket } from './market/synthetic-market.ts';
import type { Plan } from './plan.ts';
import { PositionMonitor } from './positions/monitor.ts';
import { PositionManager } from './positions/position-manager.ts';
import type { GroupSnapshot } from './positions/snapshot.ts';
import type { PositionEvent } from './positions/types.ts';

export interface SimEngineOptions {
  /** Virtual start time (epoch ms). Without it (or `replay`) the engine runs on the real clock, from now. */
  startMs?: number;
  /**
   * Practise when the exchange is closed: the clock replays trading sessions from `fromMs` at `speed`×
   * real time, skipping closed hours (see ReplayClock). Runs with `start()`, as the real clock does.
   */
  replay?: { fromMs: number; speed: number };
  seed?: number;
  /** The SIM account every deployment trades in. */
  accountId?: string;
  capital?: number;
  /** Ticks a market order slips beyond the ask (BUY) or bid (SELL); default 0. */
  slippageTicks?: number;
  /**
   * The options' bid-ask spread as a fraction of the price (the market settings' `spreadPct`, 0.004 bundled);
   * 0 quotes bid = ask = LTP, for a scenario that is about something other than the spread.
   */
  spreadPct?: number;
  /**
   * Charges debited from SIM cash at every fill (default: the dated schedule of runtime/data/charges.json,
   * each fill at the rates of its date and exchange, with a discount broker's ₹20 an order; `null` for none).
   */
  charges?: ChargeModel | null;
  /**
   * The SIM broker's margin check (default: the documented SPAN + exposure approximation, margin.ts;
   * `null` for none: nothing is refused for funds).
   */
  margin?: MarginRates | null;
  /**
   * How many position events and log lines `events` and `logs` keep, newest last (default: all). A
   * long-running server sets it, so that they do not grow for as long as it runs.
   */
  retain?: number;
  /**
   * How long (SIM clock ms) finished orders, flat positions in expired contracts and closed position groups
   * stay in memory (default: for ever). A long-running server sets it: its store keeps them. See
   * SimBrokerOptions.keepFinishedMs and PositionManagerOptions.keepClosedMs.
   */
  keepFinishedMs?: number;
  /** The holiday calendar (default: the shipped one); a server passes the one with the user's file laid over it. */
  calendar?: TradingCalendar;
}

/** What a store saved of an engine, handed back after a restart. */
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
 * A complete SIM world: calendar, instruments, seeded synthetic market, SIM broker behind the broker
 * router, position manager and monitor, on a virtual clock (`legflow run`, tests, benchmarks: `tick(ms)`
 * moves time) or on the real clock (`start(intervalMs)` steps the market as time passes). Each step moves
 * prices, fills crossed limits, checks risk, fires schedules and price crosses; it resolves once the runs it
 * caused are done.
 */
export class SimEngine {
  readonly clock: VirtualClock | RealClock | ReplayClock;
  readonly calendar: TradingCalendar;
  readonly instruments: Instruments;
  /** When each exchange trades: the broker fills and the manager enters only while it is open. */
  readonly hours: ExchangeHours;
  readonly market: SyntheticMarket;
  readonly broker: SimBroker;
  readonly positions: PositionManager;
  readonly monitor: PositionMonitor;
  readonly accountId: string;
  readonly events: PositionEvent[] = [];
  readonly logs: LogEntry[] = [];
  private readonly deployments = new Map<string, Deployment>();
  private readonly retain: number;
  /** Broker events, relayed ahead of the position manager's own listener (see onBrokerUpdate). */
  private readonly brokerUpdates = new Emitter<BrokerEvent>();

  constructor(options: SimEngineOptions) {
    this.calendar = options.calendar ?? TradingCalendar.default();
    this.instruments = Instruments.default(this.calendar);
    this.hours = new ExchangeHours(this.calendar, this.instruments);
    this.retain = options.retain ?? Infinity;
    this.clock =
      options.startMs !== undefined
        ? new VirtualClock(options.startMs)
        : options.replay
          ? new ReplayClock({ ...options.replay, calendar: this.calendar })
          : new RealClock();
    this.accountId = options.accountId ?? 'sim-1';
    const settings = defaultMarketSettings();
    this.market = new SyntheticMarket({
      seed: options.seed ?? 1,
      startMs: this.clock.now(),
      instruments: this.instruments,
      calendar: this.calendar,
      settings: options.spreadPct === undefined ? settings : parseMarketSettings({ ...settings, spreadPct: options.spreadPct }, 'the SIM engine options'),
    });
    const ids = counterIds();
    const slippage = options.slippageTicks === undefined ? {} : { slippageTicks: options.slippageTicks };
    // Each fill at the rates of its date and exchange; SIM refuses what the account's margin cannot cover.
    const charges = options.charges === undefined ? ChargeSchedule.default() : options.charges;
    const margin = options.margin === undefined ? DEFAULT_MARGIN : options.margin;
    this.broker = new SimBroker({
      market: this.market,
      clock: this.clock,
      ids,
      ...slippage,
      hours: this.hours,
      instruments: this.instruments,
      ...(charges && { charges }),
      ...(margin && { margin }),
      ...(options.keepFinishedMs !== undefined && { keepFinishedMs: options.keepFinishedMs }),
      accounts: [{ id: this.accountId, name: 'SIM', capital: options.capital ?? 1_000_000 }],
    });
    // Subscribed before the position manager, so that its listeners always hear of a broker change first.
    this.broker.onUpdate((event) => this.brokerUpdates.emit(event));
    // One id generator for broker and manager: ids stay unique across both, and restore reserves them once.
    // The broker charges every fill (and reports it on the order), so the manager is given no rates of its own.
    this.positions = new PositionManager({ router: new BrokerRouter([this.broker]), market: this.market, clock: this.clock, ids, hours: this.hours, keepClosedMs: options.keepFinishedMs });
    this.monitor = new PositionMonitor(this.positions, this.market);
    this.positions.onEvent((event) => {
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
   * A deployment on this engine. Registered ones receive ticks, schedules and position events; a test run
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
    const deployment = new Deployment({ mode: 'sim', accountId: this.accountId, ...config }, plan, services, hooks);
    if (options.register ?? true) this.deployments.set(config.id, deployment);
    return deployment;
  }

  /** Stops routing ticks, schedules and position events to a deployment. */
  undeploy(id: string): void {
    this.deployments.delete(id);
  }

  /**
   * The broker's order, fill and position events, for a store: use this rather than `broker.onUpdate`.
   * These listeners hear of each change before the position manager reacts to it, however late they
   * subscribe, so what is saved of the broker is never behind what is saved of the groups. (Saved the
   * other way round, a crash could leave a group saying a leg filled at a broker with no such order.)
   */
  onBrokerUpdate(listener: BrokerListener): () => void {
    return this.brokerUpdates.on(listener);
  }

  /** Every change of a position group, as a plain JSON snapshot for a store (see PositionManager). */
  onGroupChange(listener: (snapshot: GroupSnapshot) => void): () => void {
    return this.positions.onGroupChange(listener);
  }

  /**
   * Picks up after a restart from what a store saved: the broker first (orders, positions, cash), then the
   * position groups, which ask the broker what became of the orders they were waiting for. Call it once,
   * after the accounts are added and before any deployment runs a signal; then replay the signals that were
   * acknowledged but not finished: an entry already made returns its group and places nothing.
   */
  async restore(saved: EngineSavedState): Promise<void> {
    this.broker.restore(saved);
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
    this.broker.onMarket();
    this.positions.forgetClosed(now);
    await this.monitor.evaluate(now);
    for (const d of this.deployments.values()) d.fireDueSchedules(now);
    for (const d of this.deployments.values()) d.watchPrices(now);
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
