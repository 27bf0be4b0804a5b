import type { Side } from '../message.ts';
import { toRupees, type Paise } from '../money.ts';
import type { Position } from './types.ts';

/** One open lot: what was bought or sold together at one price. `qty` is signed (negative = short). */
interface Lot {
  qty: number;
  pricePaise: Paise;
}

/** The state of one account in one symbol. */
export interface SymbolBook {
  /** Open lots, oldest first; all of one sign. */
  readonly lots: Lot[];
  realisedPaise: Paise;
  /** Charges of the fills booked here. */
  chargesPaise: Paise;
  /** Price of the last fill: the fallback mark when the market has no quote. */
  lastPricePaise: Paise;
}

/**
 * Positions per account and symbol, closed FIFO (the oldest lot first, as brokers and tax rules do), with
 * every amount in integer paise so realised and unrealised P&L are exact to the paisa.
 */
export class PositionBook {
  private readonly books = new Map<string, Map<string, SymbolBook>>();

  /** Books a fill (and what it was charged) and returns the P&L it realised, in paise. */
  apply(accountId: string, symbol: string, side: Side, qty: number, pricePaise: Paise, chargesPaise: Paise = 0): Paise {
    const book = this.bookFor(accountId, symbol);
    book.lastPricePaise = pricePaise;
    book.chargesPaise += chargesPaise;
    let remaining = side === 'BUY' ? qty : -qty;
    let realised = 0;
    // Close opposite lots oldest first; whatever is left opens a new lot (possibly flipping the position).
    while (remaining !== 0) {
      const lot = book.lots[0];
      if (lot === undefined || Math.sign(lot.qty) === Math.sign(remaining)) break;
      const closing = Math.min(Math.abs(remaining), Math.abs(lot.qty));
      const lotSign = Math.sign(lot.qty);
      // A long lot closed by a sell gains (exit − entry); a short lot closed by a buy gains (entry − exit).
      realised += (pricePaise - lot.pricePaise) * closing * lotSign;
      lot.qty -= closing * lotSign;
      remaining += closing * lotSign;
      if (lot.qty === 0) book.lots.shift();
    }
    if (remaining !== 0) {
      // Same side at the same price as the newest lot: one lot, so FIFO order is unchanged and lots stay few.
      const last = book.lots.at(-1);
      if (last !== undefined && last.pricePaise === pricePaise && Math.sign(last.qty) === Math.sign(remaining)) last.qty += remaining;
      else book.lots.push({ qty: remaining, pricePaise });
    }
    book.realisedPaise += realised;
    return realised;
  }

  get(accountId: string, symbol: string): SymbolBook | undefined {
    return this.books.get(accountId)?.get(symbol);
  }

  symbols(accountId: string): string[] {
    return [...(this.books.get(accountId)?.keys() ?? [])];
  }

  /** Takes the account's book in `symbol` out (the caller keeps what it realised), and returns it. */
  remove(accountId: string, symbol: string): SymbolBook | undefined {
    const book = this.get(accountId, symbol);
    this.books.get(accountId)?.delete(symbol);
    return book;
  }

  /** How many books are kept, over all accounts. */
  get size(): number {
    let n = 0;
    for (const account of this.books.values()) n += account.size;
    return n;
  }

  private bookFor(accountId: string, symbol: string): SymbolBook {
    let account = this.books.get(accountId);
    if (account === undefined) {
      account = new Map();
      this.books.set(accountId, account);
    }
    let book = account.get(symbol);
    if (book === undefined) {
      book = { lots: [], realisedPaise: 0, chargesPaise: 0, lastPricePaise: 0 };
      account.set(symbol, book);
    }
    return book;
  }
}

export interface BookValues {
  qty: number;
  unrealisedPaise: Paise;
  /** Σ |lot qty| × lot price: the cost of the open lots. */
  costPaise: Paise;
}

/** Open quantity and unrealised P&L of a book marked at `markPaise`, lot by lot. */
export function bookValues(book: SymbolBook, markPaise: Paise): BookValues {
  let qty = 0;
  let unrealisedPaise = 0;
  let costPaise = 0;
  for (const lot of book.lots) {
    qty += lot.qty;
    unrealisedPaise += (markPaise - lot.pricePaise) * lot.qty;
    costPaise += Math.abs(lot.qty) * lot.pricePaise;
  }
  return { qty, unrealisedPaise, costPaise };
}

/** The rupee view of a book marked at `markPaise`. */
export function positionView(accountId: string, symbol: string, book: SymbolBook, markPaise: Paise): Position {
  const { qty, unrealisedPaise, costPaise } = bookValues(book, markPaise);
  return {
    accountId,
    symbol,
    qty,
    avgPrice: qty === 0 ? 0 : toRupees(Math.round(costPaise / Math.abs(qty))),
    ltp: toRupees(markPaise),
    realisedPnl: toRupees(book.realisedPaise),
    unrealisedPnl: toRupees(unrealisedPaise),
    pnl: toRupees(book.realisedPaise + unrealisedPaise),
    charges: toRupees(book.chargesPaise),
    netPnl: toRupees(book.realisedPaise + unrealisedPaise - book.chargesPaise),
  };
}
