import type { OptionType } from '../message.ts';
import { toPaise, type Paise } from '../money.ts';
import type { Instruments } from '../market/instruments.ts';

/** What a broker needs to know of a tradable symbol to charge it, margin it and settle it. */
export interface Contract {
  symbol: string;
  kind: 'option' | 'future';
  underlying: string;
  /** As instruments.json names it: NSE, BSE. */
  exchange: string;
  /** YYYY-MM-DD (IST). */
  expiry: string;
  /** The instant it stops trading and is settled (15:30 IST on the expiry day by default). */
  expiryMs: number;
  /** Rupees; 0 for a future. */
  strike: number;
  /** null for a future. */
  optionType: OptionType | null;
}

/** The part of the instrument list a broker reads symbols with. */
export type ContractReader = Pick<Instruments, 'parseSymbol' | 'parseFuture' | 'get' | 'expiryMs'>;

/** Symbols read once and remembered (a symbol's contract never changes). */
export class Contracts {
  private readonly known = new Map<string, Contract | null>();

  constructor(private readonly instruments: ContractReader) {}

  /** The contract a symbol names, or undefined for a symbol that is no option or future of a listed underlying. */
  of(symbol: string): Contract | undefined {
    let contract = this.known.get(symbol);
    if (contract === undefined) {
      contract = this.read(symbol);
      // Bounded: a flood of junk symbols (each refused) must not grow it for ever.
      if (this.known.size < 50_000) this.known.set(symbol, contract);
    }
    return contract ?? undefined;
  }

  private read(symbol: string): Contract | null {
    // Only underlyings in the instrument list are read, so `get` below cannot fail.
    const option = this.instruments.parseSymbol(symbol);
    const future = option === undefined ? this.instruments.parseFuture(symbol) : undefined;
    const parsed = option ?? future;
    if (parsed === undefined) return null;
    const { exchange } = this.instruments.get(parsed.underlying);
    const expiryMs = this.instruments.expiryMs(parsed.expiry);
    if (option !== undefined)
      return {
        symbol,
        kind: 'option',
        underlying: option.underlying,
        exchange,
        expiry: option.expiry,
        expiryMs,
        strike: option.strike,
        optionType: option.optionType,
      };
    return { symbol, kind: 'future', underlying: parsed.underlying, exchange, expiry: parsed.expiry, expiryMs, strike: 0, optionType: null };
  }
}

/**
 * What one unit of a contract is settled at, given the index's settlement price (paise): a call's intrinsic
 * value max(S − K, 0), a put's max(K − S, 0), a future's S.
 * Example: NIFTY 26,000 CE with NIFTY at 26,180.35 → 180.35; the 26,000 PE → 0.
 */
export function settlementValuePaise(contract: Contract, indexPaise: Paise): Paise {
  if (contract.kind === 'future') return indexPaise;
  const strikePaise = toPaise(contract.strike);
  return Math.max(0, contract.optionType === 'CE' ? indexPaise - strikePaise : strikePaise - indexPaise);
}
