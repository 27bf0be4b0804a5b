import { ChargeSchedule, type ChargeModel } from '../broker/charges.ts';
import { DEFAULT_MARGIN, type MarginRates } from '../broker/margin.ts';
import { SimBroker } from '../broker/sim-broker.ts';
import { counterIds, type IdGenerator } from '../broker/types.ts';
import type { Clock, MarketPort } from '../context.ts';
import { TradingCalendar } from '../market/calendar.ts';
import { RealClock, VirtualClock } from '../market/clock.ts';
import { ExchangeHours } from '../market/exchange-hours.ts';
import { Instruments } from '../market/instruments.ts';
import { defaultMarketSettings, parseMarketSettings } from '../market/market-settings.ts';
import { ReplayClock } from '../market/replay-clock.ts';
import { SyntheticMarket } from '../market/synthetic-market.ts';
import type { Environment, KernelClock } from './adapters.ts';

export interface SimEnvironmentOptions {
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
  /** How long (SIM clock ms) the broker keeps finished orders in memory (default: for ever); see SimBrokerOptions. */
  keepFinishedMs?: number;
  /** The holiday calendar (default: the shipped one); a server passes the one with the user's file laid over it. */
  calendar?: TradingCalendar;
}

/**
 * The SIM environment: the shipped (or given) calendar and instruments, a virtual, replayed or real clock,
 * the seeded synthetic market, and the SIM broker with one account. A backtest environment would give a
 * virtual clock and recorded history; a live one the real clock, a broker feed and a live adapter.
 */
export function simEnvironment(options: SimEnvironmentOptions): Environment<SyntheticMarket, SimBroker> {
  const calendar = options.calendar ?? TradingCalendar.default();
  const instruments = Instruments.default(calendar);
  const hours = new ExchangeHours(calendar, instruments);
  const clock = simClock(options, calendar);
  const accountId = options.accountId ?? 'sim-1';
  const settings = defaultMarketSettings();
  const market = new SyntheticMarket({
    seed: options.seed ?? 1,
    startMs: clock.now(),
    instruments,
    calendar,
    settings: options.spreadPct === undefined ? settings : parseMarketSettings({ ...settings, spreadPct: options.spreadPct }, 'the SIM engine options'),
  });
  const ids = counterIds();
  const broker = simBroker(options, { market, clock, ids, hours, instruments, accountId });
  return { clock, calendar, instruments, hours, market, broker, accountId, ids };
}

/** What the SIM broker is built from, whatever the market: the account and its terms. */
export type SimBrokerSettings = Pick<SimEnvironmentOptions, 'accountId' | 'capital' | 'slippageTicks' | 'charges' | 'margin' | 'keepFinishedMs'>;

/**
 * The SIM broker of every SIM environment (synthetic or history market): one account, each fill at the
 * rates of its date and exchange, and refused when the account's margin cannot cover it, unless told otherwise.
 */
export function simBroker(
  options: SimBrokerSettings,
  parts: { market: MarketPort; clock: Clock; ids: IdGenerator; hours: ExchangeHours; instruments: Instruments; accountId: string },
): SimBroker {
  const charges = options.charges === undefined ? ChargeSchedule.default() : options.charges;
  const margin = options.margin === undefined ? DEFAULT_MARGIN : options.margin;
  return new SimBroker({
    market: parts.market,
    clock: parts.clock,
    ids: parts.ids,
    ...(options.slippageTicks !== undefined && { slippageTicks: options.slippageTicks }),
    hours: parts.hours,
    instruments: parts.instruments,
    ...(charges && { charges }),
    ...(margin && { margin }),
    ...(options.keepFinishedMs !== undefined && { keepFinishedMs: options.keepFinishedMs }),
    accounts: [{ id: parts.accountId, name: 'SIM', capital: options.capital ?? 1_000_000 }],
  });
}

function simClock(options: SimEnvironmentOptions, calendar: TradingCalendar): KernelClock {
  if (options.startMs !== undefined) return new VirtualClock(options.startMs);
  if (options.replay) return new ReplayClock({ ...options.replay, calendar });
  return new RealClock();
}
