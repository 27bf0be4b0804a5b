import type { BarRanges, Quote } from '../../context.ts';
import type { MarketData } from '../../kernel/adapters.ts';
import type { OptionRates } from '../../market/black-scholes.ts';
import type { Instruments } from '../../market/instruments.ts';
import { MarketError } from '../../market/market-error.ts';
import { defaultMarketSettings, optionRates, type MarketSettings } from '../../market/market-settings.ts';
import type { OptionGreeks } from '../../market/modelled-quote.ts';
import { createHash } from 'node:crypto';
import type { Bar } from './bars.ts';
import { ContractBook, type ContractInfo } from '../../market/contract-book.ts';
import { modelledLtp, modelledPrice, quoteAround, type ValuationInputs } from '../../market/modelled-quote.ts';
import { lastAtOrBefore, Volatility, type VolatilityModel } from './volatility.ts';

const YEAR_MS = 365 * 86_400_000;

/** An underlying's recorded bars (time order, one per time) and the volatility its options are priced with. */
export interface HistoryUnderlying {
  bars: readonly Bar[];
  volatility: VolatilityModel;
}

export interface HistoryMarketOptions {
  /** By underlying name, as the instruments file spells it (NIFTY). */
  underlyings: Readonly<Record<string, HistoryUnderlying>>;
  /** Epoch ms the market starts at. */
  startMs: number;
  /** The first moment options are priced (a backtest: the first session's open); a volatility series must start by then. Default startMs. */
  pricesFromMs?: number;
  instruments: Instruments;
  /** Rates, dividend yields and spreadPct; the bundled market settings by default. */
  settings?: MarketSettings;
  /**
   * How long after its time stamp a bar's close is known, ms (default 0: the stamp is the close's time).
   * Bars stamped at their open (most vendors' minute bars) need the bar's length, or a backtest would trade
   * on a close a minute before it happened.
   */
  closeKnownAfterMs?: number;
  /** Shortest time to expiry used for pricing, so 0-DTE premiums stay finite near 15:30. Default 5 minutes. */
  minTimeToExpiryMs?: number;
}

/** What a backtest on this market records: where prices came from, and that premiums were modelled. */
export interface HistoryMarketInputs {
  market: 'history';
  premiums: 'modelled: Black-Scholes from the underlying bar close and the chosen volatility (no recorded premiums)';
  spreadPct: number;
  closeKnownAfterMs: number;
  underlyings: Record<string, { bars: number; from: string; to: string; sha256: string; rates: OptionRates; volatility: Record<string, unknown> }>;
}

interface Series {
  bars: readonly Bar[];
  /** Index of the bar in force at the market's time; −1 before the first. */
  at: number;
  tick: number;
  volatility: Volatility;
}

/**
 * Market data from recorded underlying bars, the kernel's `MarketData` port on history. An underlying's price
 * at time t is the close of its last bar known at or before t (never a later bar; between bars, and after
 * the last, the last one stands). Options and index futures, with no premiums recorded, are priced as the
 * synthetic market prices them (modelled-quote.ts): Black-Scholes at the volatility the user chose, the
 * market settings' rates and spread.
 */
export class HistoryMarket implements MarketData {
  private readonly series = new Map<string, Series>();
  private readonly settings: MarketSettings;
  private readonly contracts: ContractBook;
  private readonly lagMs: number;
  private readonly minYears: number;
  private now: number;
  private marketVersion = 0;
  /** Symbol → price at the current version (null: not quotable now); emptied whenever the time moves. */
  private readonly quotes = new Map<string, Quote | null>();
  /** Symbol → greeks at the current version, worked out only when asked (stops and fills need the LTP alone). */
  private readonly greekCache = new Map<string, OptionGreeks | null>();
  /** What happened inside the bar in force, for stops and targets that see the whole bar. */
  readonly bars: BarRanges = {
    barStart: (symbol) => this.barStart(symbol),
    ltpAt: (symbol, point) => this.ltpAt(symbol, point),
    holdAt: (symbol, ltp) => this.holdAt(symbol, ltp),
  };

  constructor(private readonly options: HistoryMarketOptions) {
    this.settings = options.settings ?? defaultMarketSettings();
    this.lagMs = options.closeKnownAfterMs ?? 0;
    this.minYears = (options.minTimeToExpiryMs ?? 5 * 60_000) / YEAR_MS;
    if (!(Number.isSafeInteger(this.lagMs) && this.lagMs >= 0)) invalidArgument(`closeKnownAfterMs must be whole ms of 0 or more; got ${this.lagMs}.`);
    for (const [name, u] of Object.entries(options.underlyings)) {
      const tick = options.instruments.get(name).tickSize; // throws for an underlying not in the instruments file
      checkBars(name, u.bars);
      const volatility = new Volatility(u.volatility, name);
      const pricesFrom = options.pricesFromMs ?? options.startMs;
      if (volatility.from > pricesFrom)
        invalidArgument(
          `${name}'s volatility series starts at ${iso(volatility.from)}, after options are first priced (${iso(pricesFrom)}): start it no later.`,
        );
      this.series.set(name, { bars: u.bars, at: -1, tick, volatility });
    }
    if (this.series.size === 0) invalidArgument('A history market needs the bars of at least one underlying.');
    this.contracts = new ContractBook(options.instruments, (u) => this.series.has(u));
    this.now = options.startMs;
    this.seek();
  }

  get time(): number {
    return this.now;
  }

  /** Increases whenever prices may have changed; a cheap key for callers' own caches. */
  get version(): number {
    return this.marketVersion;
  }

  /** Moves to `ms`: each underlying to its last bar known by then. */
  advanceTo(ms: number): void {
    if (!(ms >= this.now)) {
      throw new MarketError('CLOCK_BACKWARDS', `The market is at ${iso(this.now)}; it cannot go back to ${ms}.`, { now: this.now, requested: ms });
    }
    if (ms === this.now) return;
    this.now = ms;
    this.seek();
  }

  /** The bar an underlying's price comes from now (undefined before its first). */
  barInForce(underlying: string): Bar | undefined {
    const s = this.underlying(underlying);
    return s.bars[s.at];
  }

  spot(underlying: string): number {
    const s = this.underlying(underlying);
    const bar = s.bars[s.at];
    if (bar === undefined) {
      const first = iso(s.bars[0]!.time + this.lagMs);
      throw new MarketError('INVALID_DATA', `${underlying} has no bar known at ${iso(this.now)}: its history starts at ${first}.`, { underlying, first });
    }
    return bar.close;
  }

  quote(symbol: string): Quote | undefined {
    let q = this.quotes.get(symbol);
    if (q === undefined) {
      q = this.computeQuote(symbol);
      this.quotes.set(symbol, q);
    }
    return q ?? undefined;
  }

  /** Greeks and IV of an option or future at the current time, as modelled (at the close); undefined for an index and where `quote` is. */
  greeks(symbol: string): OptionGreeks | undefined {
    let g = this.greekCache.get(symbol);
    if (g === undefined) {
      const c = this.contracts.get(symbol);
      g = c && this.quote(symbol) !== undefined ? this.modelled(symbol, c, 'close', modelledPrice).greeks : null;
      this.greekCache.set(symbol, g);
    }
    return g ?? undefined;
  }

  rates(underlying: string): OptionRates {
    this.underlying(underlying);
    return optionRates(this.settings, underlying);
  }

  /** For a backtest's `inputs`: the data's span and hash per underlying, the volatility, and that premiums were modelled. */
  inputs(): HistoryMarketInputs {
    const underlyings: HistoryMarketInputs['underlyings'] = {};
    for (const [name, s] of [...this.series].sort(([a], [b]) => a.localeCompare(b))) {
      const span = { bars: s.bars.length, from: iso(s.bars[0]!.time), to: iso(s.bars.at(-1)!.time) };
      underlyings[name] = { ...span, sha256: barsHash(s.bars), rates: this.rates(name), volatility: s.volatility.describe() };
    }
    return {
      market: 'history',
      premiums: 'modelled: Black-Scholes from the underlying bar close and the chosen volatility (no recorded premiums)',
      spreadPct: this.settings.spreadPct,
      closeKnownAfterMs: this.lagMs,
      underlyings,
    };
  }

  /**
   * When the bar in force began, for the symbol's underlying: the moment the bar before it became known.
   * Undefined for the first bar (nothing says when it began) and for a symbol the market does not price.
   */
  private barStart(symbol: string): number | undefined {
    const s = this.series.get(symbol) ?? this.seriesOf(symbol);
    return s === undefined || s.at < 1 ? undefined : s.bars[s.at - 1]!.time + this.lagMs;
  }

  /** The symbol's LTP had its underlying stood at the bar's open, low or high (the same time and volatility). */
  private ltpAt(symbol: string, point: 'open' | 'low' | 'high'): number | undefined {
    const index = this.series.get(symbol);
    if (index) return index.at < 0 ? undefined : index.bars[index.at]![point];
    const c = this.contracts.get(symbol);
    const q = this.quote(symbol);
    if (!c || q === undefined) return undefined;
    const s = this.underlying(c.underlying);
    // The bar's point at its close (often its high or low) prices as the close does.
    return s.bars[s.at]![point] === s.bars[s.at]!.close ? q.ltp : this.modelled(symbol, c, point, modelledLtp);
  }

  /** Until the market next moves, the symbol quotes at `ltp`, the spread around it (its greeks as they were). */
  private holdAt(symbol: string, ltp: number): void {
    const c = this.contracts.get(symbol);
    if (!c || this.quote(symbol) === undefined) return;
    const s = this.underlying(c.underlying);
    this.quotes.set(symbol, quoteAround(c, symbol, ltp, { tick: s.tick, spreadPct: this.settings.spreadPct, now: this.now }));
  }

  /** A contract valued by `value` with its underlying at the bar's `point`, at this time and volatility. */
  private modelled<T>(symbol: string, c: ContractInfo, point: 'open' | 'low' | 'high' | 'close', value: (c: ContractInfo, v: ValuationInputs) => T): T {
    const s = this.underlying(c.underlying);
    return value(c, this.valuation(symbol, s, s.bars[s.at]![point]));
  }

  private seriesOf(symbol: string): Series | undefined {
    const c = this.contracts.get(symbol);
    return c ? this.series.get(c.underlying) : undefined;
  }

  private valuation(symbol: string, s: Series, spot: number): ValuationInputs {
    const underlying = this.contracts.get(symbol)!.underlying;
    return {
      symbol,
      now: this.now,
      spot,
      tick: s.tick,
      smile: s.volatility.smileAt(this.now),
      rates: this.rates(underlying),
      spreadPct: this.settings.spreadPct,
      minYears: this.minYears,
    };
  }

  private seek(): void {
    for (const s of this.series.values()) {
      // Forward only, usually by one bar: a linear walk, with a binary search for the first placement.
      if (s.at < 0) s.at = lastAtOrBefore(s.bars, this.now - this.lagMs);
      else while (s.at + 1 < s.bars.length && s.bars[s.at + 1]!.time + this.lagMs <= this.now) s.at++;
    }
    this.marketVersion++;
    this.quotes.clear();
    this.greekCache.clear();
  }

  private underlying(name: string): Series {
    const s = this.series.get(name);
    if (s) return s;
    const known = [...this.series.keys()].join(', ');
    throw new MarketError('UNKNOWN_UNDERLYING', `Underlying "${name}" has no history in this backtest. With bars: ${known}.`, { underlying: name });
  }

  private computeQuote(symbol: string): Quote | null {
    const index = this.series.get(symbol);
    if (index) {
      if (index.at < 0) return null;
      // An index has no order book: bid and ask are its level.
      const ltp = index.bars[index.at]!.close;
      return Object.freeze({ symbol, ltp, bid: ltp, ask: ltp, time: this.now });
    }
    const c = this.contracts.get(symbol);
    if (!c || this.now >= c.expiryMs) return null;
    if (c.kind === 'future' && !this.options.instruments.isFutureListed(c.underlying, c.expiry, this.now)) return null;
    const s = this.underlying(c.underlying);
    if (s.at < 0) return null;
    const v = this.valuation(symbol, s, s.bars[s.at]!.close);
    return quoteAround(c, symbol, modelledLtp(c, v), v);
  }
}

/**
 * SHA-256 of the bars, one line each (`time,open,high,low,close,volume,oi`, an absent count empty): the same
 * bars give the same hash, and a year of minute bars hashes in milliseconds.
 */
export function barsHash(bars: readonly Bar[]): string {
  const hash = createHash('sha256');
  const CHUNK = 4096;
  for (let i = 0; i < bars.length; i += CHUNK) {
    let text = '';
    for (const b of bars.slice(i, i + CHUNK)) text += `${b.time},${b.open},${b.high},${b.low},${b.close},${b.volume ?? ''},${b.oi ?? ''}\n`;
    hash.update(text);
  }
  return hash.digest('hex');
}

/** Bars a caller hands in directly are held to what the importers guarantee: some, in strictly rising time. */
function checkBars(name: string, bars: readonly Bar[]): void {
  if (bars.length === 0) throw new MarketError('INVALID_DATA', `${name} has no bars.`, { underlying: name });
  const back = bars.findIndex((b, i) => i > 0 && !(b.time > bars[i - 1]!.time));
  if (back > 0) {
    const message = `${name}'s bars are not in rising time order at bar ${back + 1} (${iso(bars[back]!.time)}): sort them and drop duplicates (the importers do).`;
    throw new MarketError('INVALID_DATA', message, { underlying: name, index: back });
  }
}

function invalidArgument(message: string): never {
  throw new MarketError('INVALID_ARGUMENT', message);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
