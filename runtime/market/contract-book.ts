import type { Instruments } from './instruments.ts';
import type { ParsedFutureSymbol, ParsedSymbol } from './option-symbol.ts';

/** Past this many distinct symbols the cache starts over, so a flood of junk symbols cannot grow it. */
const MAX_CACHED_SYMBOLS = 50_000;

/** What a tradable symbol names, with the moment it expires. */
export type ContractInfo = ((ParsedSymbol & { kind: 'option' }) | (ParsedFutureSymbol & { kind: 'future' })) & { expiryMs: number };

/**
 * Symbol → the option or index future it names, worked out once (parsing and calendar checks are the slow
 * part of a quote); null for a symbol that is not a listed contract on an underlying the market prices.
 */
export class ContractBook {
  private readonly contracts = new Map<string, ContractInfo | null>();

  constructor(
    private readonly instruments: Instruments,
    private readonly priced: (underlying: string) => boolean,
  ) {}

  get(symbol: string): ContractInfo | null {
    const known = this.contracts.get(symbol);
    if (known !== undefined) return known;
    if (this.contracts.size >= MAX_CACHED_SYMBOLS) this.contracts.clear();
    const info = symbol.endsWith('FUT') ? this.future(symbol) : this.option(symbol);
    this.contracts.set(symbol, info);
    return info;
  }

  private option(symbol: string): ContractInfo | null {
    const p = this.instruments.parseSymbol(symbol);
    return p &&
      this.priced(p.underlying) &&
      this.instruments.isExpiryDate(p.underlying, p.expiry) &&
      this.instruments.isStrike(p.underlying, p.strike) &&
      // Only the canonical spelling is listed (not 026000 or 26000.0).
      this.instruments.optionSymbol(p.underlying, p.expiry, p.strike, p.optionType) === symbol
      ? { ...p, kind: 'option', expiryMs: this.instruments.expiryMs(p.expiry) }
      : null;
  }

  private future(symbol: string): ContractInfo | null {
    const p = this.instruments.parseFuture(symbol);
    if (!p || !this.priced(p.underlying)) return null;
    try {
      // Throws for a date that is not a monthly expiry, or an underlying without futures.
      this.instruments.futureSymbol(p.underlying, p.expiry);
    } catch {
      return null;
    }
    return { ...p, kind: 'future', expiryMs: this.instruments.expiryMs(p.expiry) };
  }
}
