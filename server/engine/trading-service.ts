import type { Funds, Position } from '../../runtime/broker/types.ts';
import type { Quote } from '../../runtime/context.ts';
import type { TradingCalendar } from '../../runtime/market/calendar.ts';
import type { Instruments } from '../../runtime/market/instruments.ts';
import type { OptionChain, OptionGreeks } from '../../runtime/market/synthetic-market.ts';
import type { GroupSnapshot } from '../../runtime/positions/snapshot.ts';
import type { GroupView } from '../../runtime/positions/types.ts';
import type { SimEngine } from '../../runtime/sim-engine.ts';
import { describeSimClock, type SimClockView } from '../sim-clock.ts';

/**
 * What the routes ask of the trading world: the time, the calendar and instruments, quotes, an account's
 * broker positions and money, the live position groups. Narrow on purpose: a route never reaches into the
 * kernel, so the kernel behind it (SIM now; backtest, live later) can change without the routes knowing.
 */
export class TradingService {
  constructor(private readonly kernel: SimEngine) {}

  /** The SIM market's time (epoch ms): what schedules, expiries and calendar warnings are decided at. */
  now(): number {
    return this.kernel.clock.now();
  }

  get calendar(): TradingCalendar {
    return this.kernel.calendar;
  }

  get instruments(): Instruments {
    return this.kernel.instruments;
  }

  /** The clock as the API shows it (time, mode, speed, which exchanges are open). */
  clock(): SimClockView {
    return describeSimClock(this.kernel);
  }

  quote(symbol: string): Quote | undefined {
    return this.kernel.market.quote(symbol);
  }

  greeks(symbol: string): OptionGreeks | undefined {
    return this.kernel.market.greeks(symbol);
  }

  chain(underlying: string, expiry: string, around: number): OptionChain {
    return this.kernel.market.chain(underlying, expiry, around);
  }

  /** The account's net positions at its broker. */
  positions(accountId: string): Promise<Position[]> {
    return this.kernel.broker.positions(accountId);
  }

  funds(accountId: string): Promise<Funds> {
    return this.kernel.broker.funds(accountId);
  }

  /** The account's daily loss limit (kill switch), rupees; null removes it. */
  setAccountDailyLoss(accountId: string, rupees: number | null): void {
    this.kernel.positions.setAccountDailyLoss(accountId, rupees);
  }

  /** A deployment's groups held in memory (open, and closed lately), as they are this moment. */
  groups(deploymentId: string): GroupView[] {
    return this.kernel.positions.groups(deploymentId);
  }

  /** A stored group as the live ones are shown. */
  viewOf(snapshot: GroupSnapshot): GroupView {
    return this.kernel.positions.viewOf(snapshot);
  }
}
