import type { SimBroker } from '../../broker/sim-broker.ts';
import { counterIds } from '../../broker/types.ts';
import type { Environment } from '../../kernel/adapters.ts';
import { simBroker, type SimBrokerSettings, type SimEnvironmentOptions } from '../../kernel/environment.ts';
import { TradingCalendar } from '../../market/calendar.ts';
import { VirtualClock } from '../../market/clock.ts';
import { ExchangeHours } from '../../market/exchange-hours.ts';
import { Instruments } from '../../market/instruments.ts';
import { defaultMarketSettings, parseMarketSettings, type MarketSettings } from '../../market/market-settings.ts';
import { HistoryMarket, type HistoryUnderlying } from './history-market.ts';

export interface HistoryEnvironmentOptions extends SimBrokerSettings, Pick<SimEnvironmentOptions, 'spreadPct' | 'calendar'> {
  /** Bars and volatility by underlying (see HistoryMarket). */
  underlyings: Readonly<Record<string, HistoryUnderlying>>;
  /** Virtual start time (epoch ms); default the first bar's close, across underlyings. */
  startMs?: number;
  /** Rates, dividend yields and spread; the bundled market settings by default (`spreadPct` overrides the spread). */
  settings?: MarketSettings;
  /** See HistoryMarketOptions.closeKnownAfterMs. */
  closeKnownAfterMs?: number;
  /** See HistoryMarketOptions.pricesFromMs. */
  pricesFromMs?: number;
}

/**
 * The backtest environment on recorded history: the shipped (or given) calendar and instruments, a virtual
 * clock at the first bar, the HistoryMarket, and the SIM broker with one account, its charges (the dated
 * schedule) and margin check as in simEnvironment. `new Kernel(historyEnvironment(...))` runs any graph on it.
 */
export function historyEnvironment(options: HistoryEnvironmentOptions): Environment<HistoryMarket, SimBroker> {
  const calendar = options.calendar ?? TradingCalendar.default();
  const instruments = Instruments.default(calendar);
  const hours = new ExchangeHours(calendar, instruments);
  const lagMs = options.closeKnownAfterMs ?? 0;
  const firstBar = Math.min(...Object.values(options.underlyings).map((u) => (u.bars[0]?.time ?? Infinity) + lagMs));
  const startMs = options.startMs ?? firstBar;
  const clock = new VirtualClock(startMs);
  const settings = options.settings ?? defaultMarketSettings();
  const market = new HistoryMarket({
    underlyings: options.underlyings,
    startMs,
    instruments,
    settings: options.spreadPct === undefined ? settings : parseMarketSettings({ ...settings, spreadPct: options.spreadPct }, 'the history backtest options'),
    closeKnownAfterMs: lagMs,
    ...(options.pricesFromMs !== undefined && { pricesFromMs: options.pricesFromMs }),
  });
  const ids = counterIds();
  const accountId = options.accountId ?? 'sim-1';
  const broker = simBroker(options, { market, clock, ids, hours, instruments, accountId });
  return { clock, calendar, instruments, hours, market, broker, accountId, ids };
}
