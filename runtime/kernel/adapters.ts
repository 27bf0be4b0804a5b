import type { BrokerHistory } from '../broker/history.ts';
import type { Broker, IdGenerator } from '../broker/types.ts';
import type { NodeMarketPort } from '../context.ts';
import type { TradingCalendar } from '../market/calendar.ts';
import type { RealClock, VirtualClock } from '../market/clock.ts';
import type { ExchangeHours } from '../market/exchange-hours.ts';
import type { Instruments } from '../market/instruments.ts';
import type { ReplayClock } from '../market/replay-clock.ts';

/**
 * The three ports a kernel is built from, each filled by an adapter the environment picks (see
 * environment.ts). Graph port kinds (signal, legs) are another thing: runtime/ports.ts.
 */

/**
 * The clock: real (the exchange's time; `Kernel.start` steps the market as it passes), replayed sessions
 * (real time at a speed, closed hours skipped), or virtual (moved by the caller: tests, `legflow run`,
 * backtests; `Kernel.tick`).
 */
export type KernelClock = RealClock | ReplayClock | VirtualClock;

/** Market data: what nodes and the position manager price with, moved to the clock's time at each step. */
export interface MarketData extends NodeMarketPort {
  /** The time the prices are for (epoch ms). */
  readonly time: number;
  advanceTo(ms: number): void;
}

/** A broker the kernel drives: the broker contract, plus a step at each market move and a restart. */
export interface BrokerAdapter extends Broker {
  /** The market moved: fill what it crossed, settle what expired. */
  onMarket(): void;
  /** After a restart, on a fresh broker with its accounts added: what a store saved of it. */
  restore(history: BrokerHistory): void;
}

/** Everything a kernel runs on, chosen once at construction (nautilus_trader's environment config). */
export interface Environment<M extends MarketData = MarketData, B extends BrokerAdapter = BrokerAdapter> {
  clock: KernelClock;
  calendar: TradingCalendar;
  instruments: Instruments;
  /** When each exchange trades: the broker fills and the manager enters only while it is open. */
  hours: ExchangeHours;
  market: M;
  broker: B;
  /** The account every deployment trades in unless its config names another. */
  accountId: string;
  /** One id generator for broker and position manager: ids stay unique across both, restore reserves them once. */
  ids: IdGenerator;
}
