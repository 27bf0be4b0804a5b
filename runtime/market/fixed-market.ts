import type { NodeMarketPort, Quote } from '../context.ts';
import type { OptionRates } from './black-scholes.ts';
import { MarketError } from './market-error.ts';
import { defaultMarketSettings, optionRates, type MarketSettings } from './market-settings.ts';

/**
 * A market whose prices are whatever the caller last set: for replays and for tests whose expected P&L is
 * computed by hand. bid = ask = ltp, so a SIM fill lands exactly on the price the test wrote down.
 * It needs no clock: every quote carries `time`, which the caller sets (0 until then). Options are valued with
 * the rates of `settings` (the bundled market settings unless given), as in the synthetic market.
 */
export class FixedMarket implements NodeMarketPort {
  private readonly quotes = new Map<string, Quote>();
  private readonly spots = new Map<string, number>();
  private time = 0;

  constructor(private readonly settings: MarketSettings = defaultMarketSettings()) {}

  /** Sets the time stamped on quotes set from now on (epoch ms). */
  setTime(ms: number): this {
    this.time = ms;
    return this;
  }

  setPrice(symbol: string, ltp: number): this {
    if (!Number.isFinite(ltp) || ltp <= 0) {
      throw new MarketError('INVALID_ARGUMENT', `Price of ${symbol} must be a positive number; got ${ltp}.`, {
        symbol,
        ltp,
      });
    }
    // A fresh object per change: a holder of an earlier quote keeps the price it read.
    this.quotes.set(symbol, { symbol, ltp, bid: ltp, ask: ltp, time: this.time });
    return this;
  }

  /** Sets an underlying's spot; the underlying is also quotable under its own name, as on the exchange. */
  setSpot(underlying: string, price: number): this {
    this.setPrice(underlying, price);
    this.spots.set(underlying, price);
    return this;
  }

  /** Forgets a symbol: `quote` answers undefined again (an instrument that stopped trading). */
  remove(symbol: string): this {
    this.quotes.delete(symbol);
    this.spots.delete(symbol);
    return this;
  }

  spot(underlying: string): number {
    const price = this.spots.get(underlying);
    if (price === undefined) {
      throw new MarketError('UNKNOWN_UNDERLYING', `No spot price set for ${underlying}; call setSpot first.`, {
        underlying,
      });
    }
    return price;
  }

  quote(symbol: string): Quote | undefined {
    return this.quotes.get(symbol);
  }

  rates(underlying: string): OptionRates {
    return optionRates(this.settings, underlying);
  }
}
