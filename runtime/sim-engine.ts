import { BrokerRouter } from './broker/broker-router.ts';
import { SimBroker } from './broker/sim-broker.ts';
import { counterIds } from './broker/types.ts';
import type { NodeLogger } from './context.ts';
import { Deployment, type DeploymentConfig, type DeploymentHooks, type EngineServices } from './deployment.ts';
import { TradingCalendar } from './market/calendar.ts';
import { VirtualClock } from './market/clock.ts';
import { Instruments } from './market/instruments.ts';
import { SyntheticMarket } from './market/synthetic-market.ts';
import type { Plan } from './plan.ts';
import { PositionMonitor } from './positions/monitor.ts';
import { PositionManager } from './positions/position-manager.ts';
import type { PositionEvent } from './positions/types.ts';

export interface SimEngineOptions {
  /** Virtual start time (epoch ms). */
  startMs: number;
  seed?: number;
  /** The SIM account every deployment trades in. */
  accountId?: string;
  capital?: number;
  slippageTicks?: number;
}

export interface LogEntry {
  time: number;
  level: 'info' | 'warn';
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * A complete SIM world on a virtual clock: calendar, instruments, seeded synthetic market, SIM broker behind
 * the broker router, position manager and monitor. `legflow run`, the tests and the benchmarks use it;
 * `tick` plays one market step: prices move, resting limits fill, risk is checked, schedules fire, and
 * every run that caused has finished when it resolves.
 */
export class SimEngine {
  readonly clock: VirtualClock;
  readonly calendar = TradingCalendar.default();
  readonly instruments = Instruments.default(this.calendar);
  readonly market: SyntheticMarket;
  readonly broker: SimBroker;
  readonly positions: PositionManager;
  readonly monitor: PositionMonitor;
  readonly accountId: string;
  readonly events: PositionEvent[] = [];
  readonly logs: LogEntry[] = [];
  private readonly deployments = new Map<string, Deployment>();

  constructor(options: SimEngineOptions) {
    this.clock = new VirtualClock(options.startMs);
    this.accountId = options.accountId ?? 'sim-1';
    this.market = new SyntheticMarket({
      seed: options.seed ?? 1,
      startMs: options.startMs,
      instruments: this.instruments,
      calendar: this.calendar,
    });
    const ids = counterIds();
    const slippage = options.slippageTicks === undefined ? {} : { slippageTicks: options.slippageTicks };
    this.broker = new SimBroker({
      market: this.market,
      clock: this.clock,
      ids,
      ...slippage,
      accounts: [{ id: this.accountId, name: 'SIM', capital: options.capital ?? 1_000_000 }],
    });
    this.positions = new PositionManager({ router: new BrokerRouter([this.broker]), market: this.market, clock: this.clock, ids });
    this.monitor = new PositionMonitor(this.positions, this.market);
    this.positions.onEvent((event) => {
      this.events.push(event);
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

  deploy(plan: Plan, config: Partial<DeploymentConfig> & { id: string }, hooks?: DeploymentHooks): Deployment {
    const deployment = new Deployment({ mode: 'sim', accountId: this.accountId, ...config }, plan, this.services, hooks);
    this.deployments.set(config.id, deployment);
    return deployment;
  }

  /** One market step of `ms`: move prices, fill crossed limits, check risk, fire schedules, let runs finish. */
  async tick(ms: number): Promise<void> {
    this.clock.advance(ms);
    const now = this.clock.now();
    this.market.advanceTo(now);
    this.broker.onMarket();
    await this.monitor.evaluate(now);
    for (const d of this.deployments.values()) d.fireDueSchedules(now);
    await this.idle();
  }

  async idle(): Promise<void> {
    for (const d of this.deployments.values()) await d.idle();
  }

  private logger(): NodeLogger {
    const write = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) => {
      this.logs.push({ time: this.clock.now(), level, message, ...(fields ? { fields } : {}) });
    };
    return { info: write('info'), warn: write('warn') };
  }
}
