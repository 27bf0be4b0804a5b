import { errorMessage } from '../errors.ts';
import { formatIst, istParts } from '../time.ts';
import { TradingCalendar } from './calendar.ts';
import { Instruments } from './instruments.ts';
import { MarketError } from './market-error.ts';

/** Why an order cannot trade now. `opensAt` is absent when the calendar cannot say (not covered, unknown). */
export interface MarketClosed {
  code: 'MARKET_CLOSED' | 'CALENDAR_NOT_COVERED' | 'UNKNOWN_EXCHANGE';
  message: string;
  exchange?: string;
  /** Epoch ms of the next open. */
  opensAt?: number;
}

/** Past this many distinct symbols the exchange cache starts over, so junk symbols cannot grow it. */
const MAX_CACHED_SYMBOLS = 50_000;

/**
 * Whether the exchange that trades a symbol is open: the instrument file says which exchange lists an
 * underlying (NIFTY on NSE, SENSEX on BSE), the holiday calendar when that exchange trades. One answer for the
 * SIM broker (no fill while closed) and the position manager (no entry while closed).
 */
export class ExchangeHours {
  private readonly exchanges = new Map<string, string | null>();

  constructor(
    readonly calendar: TradingCalendar,
    private readonly instruments: Instruments,
  ) {}

  /** The bundled NSE/BSE calendar and instrument file. */
  static default(): ExchangeHours {
    const calendar = TradingCalendar.default();
    return new ExchangeHours(calendar, Instruments.default(calendar));
  }

  /** The exchange of an index, or of an option or future on one (by its symbol); undefined when unknown. */
  exchangeOf(symbol: string): string | undefined {
    let exchange = this.exchanges.get(symbol);
    if (exchange === undefined) {
      const underlying = this.instruments.has(symbol) ? symbol : (this.instruments.parseSymbol(symbol) ?? this.instruments.parseFuture(symbol))?.underlying;
      exchange = underlying === undefined ? null : this.instruments.get(underlying).exchange;
      if (this.exchanges.size >= MAX_CACHED_SYMBOLS) this.exchanges.clear();
      this.exchanges.set(symbol, exchange);
    }
    return exchange ?? undefined;
  }

  /** Undefined while the symbol's exchange is open at `ms`; otherwise why it cannot trade, for a trader. */
  closedFor(symbol: string, ms: number): MarketClosed | undefined {
    const exchange = this.exchangeOf(symbol);
    if (exchange === undefined) {
      return {
        code: 'UNKNOWN_EXCHANGE',
        message: `${symbol} is not an index, option or future of the instrument file, so no exchange hours apply to it; add its underlying to the instrument file.`,
      };
    }
    return this.closedAt(exchange, ms);
  }

  /**
   * Undefined while `exchange` is open at `ms`; otherwise, e.g. "NSE is closed (Saturday 5 Dec 2026 23:30 IST);
   * it opens Mon 7 Dec 09:15." A time the calendar does not cover is CALENDAR_NOT_COVERED, with its reason.
   */
  closedAt(exchange: string, ms: number): MarketClosed | undefined {
    try {
      if (this.calendar.isMarketOpen(ms, exchange)) return undefined;
      const { date } = istParts(ms);
      const holiday = this.calendar.isTradingDay(date, exchange) ? undefined : this.calendar.holidayName(date, exchange);
      const now = `${formatIst(ms, { weekday: 'long' })}${holiday === undefined ? '' : `, ${holiday}`}`;
      const opensAt = this.calendar.nextOpenMs(ms, exchange);
      return {
        code: 'MARKET_CLOSED',
        exchange,
        opensAt,
        message: `${exchange} is closed (${now}); it opens ${formatIst(opensAt, { year: false, zone: false })}.`,
      };
    } catch (err) {
      if (!(err instanceof MarketError) || err.code !== 'CALENDAR_NOT_COVERED') throw err;
      return { code: 'CALENDAR_NOT_COVERED', exchange, message: errorMessage(err) };
    }
  }
}
