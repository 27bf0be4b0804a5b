import type { MarketPort } from '../context.ts';
import { errorMessage } from '../errors.ts';
import type { Side } from '../message.ts';
import { toPaise, toRupees, type Paise } from '../money.ts';
import { istParts } from '../time.ts';
import { ChargesError, orderCharges, ratesFor, settlementCharges, type ChargeModel } from './charges.ts';
import { settlementValuePaise, type Contract, type Contracts } from './contracts.ts';
import { portfolioMarginPaise, type MarginPosition, type MarginRates } from './margin.ts';
import { bookValues, type PositionBook } from './position-book.ts';
import { BrokerError, type OrderRejectCode, type OrderRequest } from './types.ts';

export interface SimAccountingOptions {
  market: MarketPort;
  contracts: Contracts;
  /** Fixed rates or a dated schedule; none: fills cost nothing beyond their price. */
  charges?: ChargeModel;
  /** None: no order is refused for margin, and no margin is shown as used. */
  margin?: MarginRates;
}

export interface Refusal {
  code: OrderRejectCode;
  message: string;
}

/**
 * The money rules of the SIM broker beyond the price of a fill: what a fill is charged (at the rates of its
 * date and exchange), what margin the positions block and whether an order may add to it, and the price an
 * expired contract is settled at. The broker books; this computes.
 */
export class SimAccounting {
  private readonly market: MarketPort;
  private readonly contracts: Contracts;
  private readonly chargeModel: ChargeModel | undefined;
  private readonly marginRates: MarginRates | undefined;
  /** The index's settlement price per underlying and expiry, paise: fixed once known, for every contract on it. */
  private readonly settledIndex = new Map<string, Paise>();

  constructor(options: SimAccountingOptions) {
    this.market = options.market;
    this.contracts = options.contracts;
    this.chargeModel = options.charges;
    this.marginRates = options.margin;
  }

  get charging(): boolean {
    return this.chargeModel !== undefined;
  }

  contract(symbol: string): Contract | undefined {
    return this.contracts.of(symbol);
  }

  /**
   * What a fill costs, paise, at the rates of its IST date and its exchange (undefined without a charges
   * model). A settlement pays only the STT on a long option exercised in the money (see settlementCharges).
   * Throws a ChargesError for a date or exchange the rates do not cover; `refusal` refuses such an order first.
   */
  charges(symbol: string, side: Side, qty: number, pricePaise: Paise, time: number, settlement: boolean): Paise | undefined {
    if (this.chargeModel === undefined) return undefined;
    const contract = this.contracts.of(symbol);
    if (contract === undefined)
      throw new ChargesError('NO_CHARGE_RATES', `${symbol} is not an option or future of the instrument file, so it cannot be charged.`, { symbol });
    const rates = ratesFor(this.chargeModel, istParts(time).date, contract.exchange);
    return settlement ? settlementCharges(rates, side, qty, pricePaise, contract.kind).total : orderCharges(rates, side, qty, pricePaise, contract.kind).total;
  }

  /**
   * Why the order cannot be accepted for money reasons, or undefined: a symbol that cannot be charged or
   * margined, a date without charge rates, or more margin than the account has `free` (asked only when
   * needed: it marks every position). Its margin is what the account's margin grows by with the order
   * filled, all positions scored together (see portfolioMarginPaise). An order that adds no margin is never
   * refused for margin, and neither is an exit, even one that lifts a hedge and so adds margin: a stop must
   * always be able to get out.
   */
  refusal(req: OrderRequest, now: number, book: PositionBook, free: () => Paise): Refusal | undefined {
    if (this.chargeModel === undefined && this.marginRates === undefined) return undefined;
    const contract = this.contracts.of(req.symbol);
    if (contract === undefined) {
      return {
        code: 'NOT_A_CONTRACT',
        message: `${req.symbol} is not an option or future of an underlying in the instrument file, so the SIM cannot charge or margin it.`,
      };
    }
    if (this.chargeModel !== undefined) {
      try {
        ratesFor(this.chargeModel, istParts(now).date, contract.exchange);
      } catch (err) {
        if (!(err instanceof ChargesError)) throw err;
        return { code: 'NO_CHARGE_RATES', message: `${err.message} The order was not placed.` };
      }
    }
    if (this.marginRates === undefined) return undefined;
    const held = this.heldQty(book, req.accountId, req.symbol);
    const after = held + (req.side === 'BUY' ? req.qty : -req.qty);
    // Less of what is held, on the same side: an exit.
    if (after * held >= 0 && Math.abs(after) < Math.abs(held)) return undefined;
    const needed = this.marginOf(book, req.accountId, { symbol: req.symbol, qty: after }) - this.marginOf(book, req.accountId);
    if (needed <= 0) return undefined;
    const freePaise = free();
    if (needed <= freePaise) return undefined;
    return {
      code: 'INSUFFICIENT_MARGIN',
      message: `Not enough margin: ${req.side} ${req.qty} ${req.symbol} needs ${rupees(needed)} of margin and ${rupees(Math.max(0, freePaise))} is free. Reduce the quantity or add funds.`,
    };
  }

  /** Margin the account's open positions block, paise (0 without a margin model). */
  marginUsedPaise(book: PositionBook, accountId: string): Paise {
    return this.marginOf(book, accountId);
  }

  /**
   * What one unit of an expired contract settles at, paise: the index's level now, fixed for its underlying
   * and expiry at the first settlement (the SIM market stands still after 15:30, so it is the close).
   */
  settlementPaise(contract: Contract): Paise {
    const key = `${contract.underlying}|${contract.expiry}`;
    let index = this.settledIndex.get(key);
    if (index === undefined) {
      try {
        index = toPaise(this.market.spot(contract.underlying));
      } catch (err) {
        throw new BrokerError(
          'NO_SETTLEMENT_PRICE',
          `${contract.symbol} expired, but there is no ${contract.underlying} level to settle it at: ${errorMessage(err)}`,
          { symbol: contract.symbol },
        );
      }
      this.settledIndex.set(key, index);
    }
    return settlementValuePaise(contract, index);
  }

  /**
   * A settlement read back from storage: the index level it implies (a future's price, an option's strike ±
   * its intrinsic value; nothing from an option that expired worthless) is kept, so that a contract on the
   * same index and expiry settled after a restart settles against the same level.
   */
  noteSettled(contract: Contract, valuePaise: Paise): void {
    const strike = toPaise(contract.strike);
    const index =
      contract.kind === 'future' ? valuePaise : valuePaise === 0 ? undefined : contract.optionType === 'CE' ? strike + valuePaise : strike - valuePaise;
    if (index !== undefined) this.settledIndex.set(`${contract.underlying}|${contract.expiry}`, index);
  }

  private heldQty(book: PositionBook, accountId: string, symbol: string): number {
    const held = book.get(accountId, symbol);
    return held === undefined ? 0 : bookValues(held, 0).qty;
  }

  /**
   * The account's margin at the market now, all its positions scored together (see portfolioMarginPaise);
   * with `change`, as if it held `change.qty` of `change.symbol` instead.
   */
  private marginOf(book: PositionBook, accountId: string, change?: { symbol: string; qty: number }): Paise {
    if (this.marginRates === undefined) return 0;
    const positions: MarginPosition[] = [];
    for (const symbol of new Set([...book.symbols(accountId), ...(change ? [change.symbol] : [])])) {
      // The book keeps every symbol the account closed too: skip those before any parsing or pricing.
      const qty = symbol === change?.symbol ? change.qty : this.heldQty(book, accountId, symbol);
      if (qty === 0) continue;
      const contract = this.contracts.of(symbol);
      if (contract === undefined) continue;
      const ltp = this.market.quote(symbol)?.ltp;
      positions.push({ contract, qty, ltpPaise: ltp === undefined ? 0 : toPaise(ltp), indexPaise: this.indexPaise(contract) });
    }
    return portfolioMarginPaise(this.marginRates, positions);
  }

  /** The index level, or (a market of hand-set prices that has none) the strike: an at-the-money guess. */
  private indexPaise(contract: Contract): Paise {
    try {
      return toPaise(this.market.spot(contract.underlying));
    } catch {
      return toPaise(contract.strike);
    }
  }
}

/** ₹2,36,600.00 */
function rupees(paise: Paise): string {
  return `₹${toRupees(paise).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
