import type { NodeMarketPort, Quote } from '../context.ts';
import type { OptionType } from '../message.ts';
import { roundToTick } from '../money.ts';
import { DAY_MS } from '../time.ts';
import type { OptionRates } from './black-scholes.ts';
import type { TradingCalendar } from './calendar.ts';
import type { Instruments } from './instruments.ts';
import { ContractBook } from './contract-book.ts';
import { modelledPrice, type OptionGreeks } from './modelled-quote.ts';
import { shockFactor } from './correlation.ts';
import { defaultMarketSettings, optionRates } from './market-settings.ts';
import type { MarketSettings, UnderlyingSettings } from './market-settings.ts';
import { MarketError } from './market-error.ts';
import { SeededRandom } from './random.ts';

const YEAR_MS = 365 * DAY_MS;
const TRADING_DAYS_PER_YEAR = 252;

export type { OptionGreeks };

export interface SyntheticMarketOptions {
  seed: number;
  /** Epoch ms the market starts at. */
  startMs: number;
  instruments: Instruments;
  calendar: TradingCalendar;
  /** Levels, volatilities, smiles, spread and correlations; the bundled runtime/data/synthetic-market.json by default. */
  settings?: MarketSettings;
  /**
   * 'market-hours' (default): the index moves only while its exchange is open, with volatility per trading
   * year (252 sessions), so nights and weekends are flat. 'always': it moves in calendar time, for demos
   * outside market hours.
   */
  walk?: 'market-hours' | 'always';
  /** Shortest time to expiry used for pricing, so 0-DTE premiums stay finite near 15:30. Default 5 minutes. */
  minTimeToExpiryMs?: number;
}

export interface ChainSide {
  symbol: string;
  quote: Quote;
  greeks: OptionGreeks;
}

export interface OptionChain {
  underlying: string;
  expiry: string;
  spot: number;
  atm: number;
  /** What the greeks were computed with, so a reader of the chain can value its quotes the same way. */
  rates: OptionRates;
  rows: { strike: number; ce: ChainSide; pe: ChainSide }[];
}

interface Walker {
  settings: UnderlyingSettings;
  exchange: string;
  tick: number;
  rng: SeededRandom;
  level: number;
}

/** `greeks` is undefined for an index. */
type Priced = { quote: Quote; greeks: OptionGreeks | undefined };

/**
 * A seeded simulated market: each index follows a geometric Brownian motion (no drift) from its reference
 * level, the indices' shocks correlated as the settings' correlation matrix says, options are priced on demand by Black-Scholes from an implied-volatility smile, and index futures
 * at their fair value by cost of carry, spot × e^((r − q)·t), the same forward the options are priced off
 * (so a future and a synthetic future from the options agree). Prices depend
 * only on the seed and the sequence of `advanceTo` times, so a test or a backtest replays exactly.
 */
export class SyntheticMarket implements NodeMarketPort {
  private readonly walkers = new Map<string, Walker>();
  /** The walkers in the order their shocks are mixed, and the Cholesky factor of their correlations. */
  private readonly shocked: readonly Walker[];
  private readonly factor: readonly (readonly number[])[];
  private readonly instruments: Instruments;
  private readonly calendar: TradingCalendar;
  private readonly settings: MarketSettings;
  private readonly walk: 'market-hours' | 'always';
  private readonly minYears: number;
  private now: number;
  private marketVersion = 0;
  /** Symbol → contract facts that never change (null: not an option we list); kept across versions. */
  private readonly contracts: ContractBook;
  /** Symbol → price at the current version (null: not quotable now); emptied whenever prices move. */
  private readonly priced = new Map<string, Priced | null>();

  constructor(options: SyntheticMarketOptions) {
    this.instruments = options.instruments;
    this.calendar = options.calendar;
    this.settings = options.settings ?? defaultMarketSettings();
    this.walk = options.walk ?? 'market-hours';
    this.minYears = (options.minTimeToExpiryMs ?? 5 * 60_000) / YEAR_MS;
    this.now = options.startMs;
    // One random stream per index, so the order of the file does not change a path; the correlation
    // matrix's own order says how the streams are mixed (its first index moves on its own stream alone).
    for (const name of Object.keys(this.settings.underlyings).sort()) {
      const settings = this.settings.underlyings[name];
      if (!settings || !this.instruments.has(name)) continue;
      const spec = this.instruments.get(name);
      const rng = SeededRandom.forName(options.seed, name);
      const level = settings.reference * (1 + 0.01 * (2 * rng.next() - 1)); // within ±1 % of the reference
      this.walkers.set(name, { settings, exchange: spec.exchange, tick: spec.tickSize, rng, level });
    }
    const { order, factor } = shockFactor(this.settings.correlation, [...this.walkers.keys()]);
    this.shocked = order.map((name) => this.walkers.get(name) as Walker);
    this.factor = factor;
    this.contracts = new ContractBook(this.instruments, (underlying) => this.walkers.has(underlying));
  }

  /** The market's current time (epoch ms): the time of every quote. */
  get time(): number {
    return this.now;
  }

  /** Increases whenever prices may have changed; a cheap key for callers' own caches. */
  get version(): number {
    return this.marketVersion;
  }

  /**
   * Moves the market to `ms`: each index whose exchange was open takes one random step for the time
   * elapsed, its shock the correlated mix (Cholesky factor × independent normals) of the indices' shocks.
   */
  advanceTo(ms: number): void {
    if (!(ms >= this.now)) {
      const message = `The market is at ${new Date(this.now).toISOString()}; it cannot go back to ${ms}.`;
      throw new MarketError('CLOCK_BACKWARDS', message, { now: this.now, requested: ms });
    }
    if (ms === this.now) return;
    const yearsByExchange = new Map<string, number>();
    const years = this.shocked.map((w) => {
      let y = yearsByExchange.get(w.exchange);
      if (y === undefined) {
        y = this.elapsedYears(ms, w.exchange);
        yearsByExchange.set(w.exchange, y);
      }
      return y;
    });
    if (years.some((y) => y > 0)) {
      // Every index draws whenever any moves: one closed on its own exchange's holiday still lends its shock
      // to those that mix it in, and a path stays a function of the seed and the times alone.
      const z = this.shocked.map((w) => w.rng.normal());
      this.shocked.forEach((w, i) => {
        const y = years[i] as number;
        if (y <= 0) return;
        const row = this.factor[i] as readonly number[];
        let shock = 0;
        for (let j = 0; j <= i; j++) shock += (row[j] as number) * (z[j] as number);
        const vol = w.settings.annualVol;
        w.level *= Math.exp(-0.5 * vol * vol * y + vol * Math.sqrt(y) * shock);
      });
    }
    this.now = ms;
    this.moved();
  }

  /** Puts an index at a chosen level (a test scenario: "NIFTY falls 1 %"). */
  setSpot(underlying: string, level: number): void {
    if (!(Number.isFinite(level) && level > 0)) {
      throw new MarketError('INVALID_ARGUMENT', `A spot level must be a positive number; got ${level}.`, { level });
    }
    this.walker(underlying).level = level;
    this.moved();
  }

  spot(underlying: string): number {
    const w = this.walker(underlying);
    return roundToTick(w.level, w.tick);
  }

  quote(symbol: string): Quote | undefined {
    return this.price(symbol)?.quote;
  }

  /**
   * Greeks and IV of an option at the current time; undefined for an index and where `quote` is. A future's
   * are those of spot × e^((r − q)·t): delta e^((r − q)·t) (just above 1), no gamma, vega or volatility, and
   * a theta of the carry it loses per calendar day, so a futures hedge counts in a group's greeks.
   */
  greeks(symbol: string): OptionGreeks | undefined {
    return this.price(symbol)?.greeks;
  }

  rates(underlying: string): OptionRates {
    this.walker(underlying); // its error says whether the underlying is unknown or only lacks settings
    return optionRates(this.settings, underlying);
  }

  /** CE and PE of `around` strikes either side of ATM for a listed expiry, lowest strike first. */
  chain(underlying: string, expiry: string, around = 10): OptionChain {
    const spot = this.spot(underlying);
    if (!this.instruments.isListed(underlying, expiry, this.now)) {
      const listed = this.instruments.listExpiries(underlying, this.now, 4).join(', ');
      const message = `${underlying} has no listed expiry on ${expiry} at this time. Listed: ${listed}.`;
      throw new MarketError('EXPIRY_NOT_LISTED', message, { underlying, expiry });
    }
    if (!Number.isInteger(around) || around < 0) {
      const message = `A chain spans a whole number of strikes either side; got ${around}.`;
      throw new MarketError('INVALID_ARGUMENT', message, { around });
    }
    const atm = this.instruments.atmStrike(underlying, spot);
    const side = (strike: number, type: OptionType): ChainSide => {
      const symbol = this.instruments.optionSymbol(underlying, expiry, strike, type);
      const p = this.price(symbol);
      if (!p?.greeks) throw new Error(`unreachable: listed option ${symbol} has no price`);
      return { symbol, quote: p.quote, greeks: p.greeks };
    };
    // Start where strikes are still positive: a wide chain on a low index must not run below zero.
    const lowest = Math.max(-around, Math.ceil(1 - atm / this.instruments.get(underlying).strikeStep));
    const rows: OptionChain['rows'] = [];
    for (let i = lowest; i <= around; i++) {
      const strike = this.instruments.strikeByOffset(underlying, spot, 'CE', i);
      rows.push({ strike, ce: side(strike, 'CE'), pe: side(strike, 'PE') });
    }
    return { underlying, expiry, spot, atm, rates: this.rates(underlying), rows };
  }

  private elapsedYears(ms: number, exchange: string): number {
    if (this.walk === 'always') return (ms - this.now) / YEAR_MS;
    const open = this.calendar.tradingMsBetween(this.now, ms, exchange);
    return open / (TRADING_DAYS_PER_YEAR * this.calendar.sessionMs(exchange));
  }

  private moved(): void {
    this.marketVersion++;
    this.priced.clear();
  }

  private walker(underlying: string): Walker {
    const w = this.walkers.get(underlying);
    if (w) return w;
    if (this.instruments.has(underlying)) {
      const message = `${underlying} has no synthetic-market settings; add it to the market settings file.`;
      throw new MarketError('UNKNOWN_UNDERLYING', message, { underlying });
    }
    throw new MarketError('UNKNOWN_UNDERLYING', `Underlying "${underlying}" is not in the synthetic market. Known: ${[...this.walkers.keys()].join(', ')}.`, {
      underlying,
    });
  }

  private price(symbol: string): Priced | undefined {
    let p = this.priced.get(symbol);
    if (p === undefined) {
      p = this.compute(symbol);
      this.priced.set(symbol, p);
    }
    return p ?? undefined;
  }

  private compute(symbol: string): Priced | null {
    const index = this.walkers.get(symbol);
    if (index) {
      const ltp = roundToTick(index.level, index.tick);
      // An index has no order book: bid and ask are its level.
      return { quote: Object.freeze({ symbol, ltp, bid: ltp, ask: ltp, time: this.now }), greeks: undefined };
    }
    const c = this.contracts.get(symbol);
    if (!c || this.now >= c.expiryMs) return null;
    // The fourth month is not listed until the near month expires.
    if (c.kind === 'future' && !this.instruments.isFutureListed(c.underlying, c.expiry, this.now)) return null;
    const w = this.walker(c.underlying);
    return modelledPrice(c, {
      symbol,
      now: this.now,
      spot: roundToTick(w.level, w.tick),
      tick: w.tick,
      smile: w.settings.smile,
      rates: optionRates(this.settings, c.underlying),
      spreadPct: this.settings.spreadPct,
      minYears: this.minYears,
    });
  }
}
