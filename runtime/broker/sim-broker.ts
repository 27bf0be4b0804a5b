import type { Clock, MarketPort, Quote } from '../context.ts';
import { ExchangeHours } from '../market/exchange-hours.ts';
import type { Side } from '../message.ts';
import { toPaise, toRupees, type Paise } from '../money.ts';
import { Instruments } from '../market/instruments.ts';
import { Retention } from '../retention.ts';
import { promiseOf } from '../promise-of.ts';
import type { ChargeModel } from './charges.ts';
import { Contracts, type ContractReader } from './contracts.ts';
import { Emitter } from './emitter.ts';
import { consistentHistory, type BrokerHistory } from './history.ts';
import type { MarginRates } from './margin.ts';
import { PositionBook, bookValues, positionView } from './position-book.ts';
import { SimAccounting, type Refusal } from './sim-accounting.ts';
import { arrivalFillPaise, offTickMessage, restingFillPaise, touchPaise } from './sim-pricing.ts';
import {
  BrokerError,
  clientKey,
  counterIds,
  isSettlement,
  SETTLEMENT_PREFIX,
  type Account,
  type Broker,
  type BrokerEvent,
  type BrokerListener,
  type BrokerMode,
  type Fill,
  type Funds,
  type IdGenerator,
  type Order,
  type OrderChange,
  type OrderFilter,
  type OrderRequest,
  type Position,
  type Settlement,
} from './types.ts';

/** ₹10,00,000: the virtual capital of a SIM account unless told otherwise. */
export const DEFAULT_SIM_CAPITAL = 1_000_000;

export interface SimAccountSpec {
  id: string;
  name?: string;
  /** Rupees; default DEFAULT_SIM_CAPITAL. */
  capital?: number;
  /**
   * Always 'sim' in practice. Accepted so that an account book shared with live brokers can be loaded as is:
   * the SIM broker then refuses to trade a 'live' account instead of silently simulating it.
   */
  mode?: BrokerMode;
}

export interface SimBrokerOptions {
  market: MarketPort;
  clock: Clock;
  ids?: IdGenerator;
  /** Broker id, default "sim". */
  id?: string;
  /**
   * Ticks of slippage on market orders, on top of the spread, default 0. A market BUY fills at the quote's
   * ask, a SELL at its bid (see sim-pricing.ts); slippage moves that `slippageTicks` ticks further against
   * the trader (never below one tick). A marketable limit order slips too, but never past its limit price.
   */
  slippageTicks?: number;
  /** Rupees, default 0.05 (NSE/BSE index options). */
  tickSize?: number;
  accounts?: readonly SimAccountSpec[];
  /**
   * Which exchange trades each symbol and when it is open; the bundled calendar and instrument file by
   * default. No order fills while its exchange is closed (see OrderRequest.whenClosed).
   */
  hours?: ExchangeHours;
  /**
   * Charges debited from cash at every fill and reported on it: fixed rates, or a ChargeSchedule that
   * charges each fill at the rates of its IST date and its exchange (SENSEX at BSE's). None when absent:
   * fills cost their price only, which hand-computed tests rely on.
   */
  charges?: ChargeModel;
  /** Refuses an order whose added margin exceeds the account's free margin (see margin.ts); none when absent. */
  margin?: MarginRates;
  /** Reads symbols (exchange, expiry, strike) for charges, margin and settlement; the bundled instrument file by default. */
  instruments?: ContractReader;
  /**
   * How long (SIM clock ms) the broker keeps what is done with: a finished order (FILLED, REJECTED,
   * CANCELLED) this long after its last change, a flat position in an expired contract this long after the
   * expiry (its P&L and charges stay in the account's). Default: for ever. A server that runs for months
   * sets it, its store keeping the orders: placing a forgotten clientOrderId again places a new order, so
   * keep them longer than a signal can wait to be replayed. Restored orders are kept this long from the restore.
   */
  keepFinishedMs?: number;
}

interface SimAccount {
  id: string;
  name: string;
  mode: BrokerMode;
  capitalPaise: Paise;
  cashPaise: Paise;
  /** Realised P&L and charges of the positions in expired contracts that were let go (see keepFinishedMs). */
  retiredRealisedPaise: Paise;
  retiredChargesPaise: Paise;
}

/** The broker's own copy of an order; callers only ever get clones. */
interface SimOrder {
  order: Order;
  limitPaise: Paise | null;
  /** Placed with whenClosed 'queue' while the exchange was closed: it meets the market at the first open tick. */
  queued: boolean;
}

/**
 * The SIM broker: fills against the injected market, books fills into FIFO positions in integer paise, and
 * tracks cash per SIM account. It trades as the exchange does: only while the symbol's exchange is open
 * (an order placed while it is closed is rejected, or queued for the open when the trader asks), market
 * orders at the ask (BUY) or the bid (SELL), limit orders once the bid or ask crosses them. Given a
 * charges model, each fill is charged and its charges debited from cash (P&L stays gross; funds and
 * positions show charges and net); given a margin model, an order whose margin the account cannot cover is
 * refused (INSUFFICIENT_MARGIN). Index options and futures held to expiry are cash-settled (see settleExpired).
 *
 * Every change is reported synchronously through `onUpdate`: an order when placed (OPEN or REJECTED; one
 * that fills on arrival is reported once, FILLED), filled or cancelled, then its fill, then the position.
 * A store that saves them hands them back to `restore` after a restart.
 */
export class SimBroker implements Broker {
  readonly id: string;
  readonly mode = 'sim' as const;

  private readonly market: MarketPort;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly slippageTicks: number;
  private readonly tickPaise: Paise;
  private readonly hours: ExchangeHours;
  private readonly accountsById = new Map<string, SimAccount>();
  private readonly ordersById = new Map<string, SimOrder>();
  private readonly byClientOrderId = new Map<string, SimOrder>();
  /** Open limit orders per symbol, so a tick only looks at the symbols that have any. */
  private readonly resting = new Map<string, Set<SimOrder>>();
  private readonly positionBook = new PositionBook();
  private readonly events = new Emitter<BrokerEvent>();
  private readonly accounting: SimAccounting;
  /** Finished orders, oldest first, forgotten keepFinishedMs after they finished. */
  private readonly finished: Retention<SimOrder>;
  /**
   * When onMarket next has work beyond fills: the earliest expiry among open positions and resting orders
   * (to settle them), or the time a flat position in an expired contract may be let go.
   */
  private nextExpiryMs = Number.POSITIVE_INFINITY;

  constructor(options: SimBrokerOptions) {
    this.market = options.market;
    this.clock = options.clock;
    this.ids = options.ids ?? counterIds();
    this.id = options.id ?? 'sim';
    this.slippageTicks = options.slippageTicks ?? 0;
    this.tickPaise = toPaise(options.tickSize ?? 0.05);
    this.hours = options.hours ?? ExchangeHours.default();
    this.finished = new Retention(options.keepFinishedMs);
    const contracts = new Contracts(options.instruments ?? Instruments.default(this.hours.calendar));
    this.accounting = new SimAccounting({
      market: this.market,
      contracts,
      ...(options.charges && { charges: options.charges }),
      ...(options.margin && { margin: options.margin }),
    });
    if (!Number.isInteger(this.slippageTicks) || this.slippageTicks < 0) {
      throw new RangeError(`slippageTicks must be a whole number ≥ 0; got ${this.slippageTicks}.`);
    }
    for (const spec of options.accounts ?? []) this.addAccount(spec);
  }

  addAccount(spec: SimAccountSpec): Account {
    if (this.accountsById.has(spec.id)) {
      throw new BrokerError('DUPLICATE_ACCOUNT', `Account "${spec.id}" already exists.`, { accountId: spec.id });
    }
    const capitalPaise = toPaise(spec.capital ?? DEFAULT_SIM_CAPITAL);
    const account = {
      id: spec.id,
      name: spec.name ?? spec.id,
      mode: spec.mode ?? 'sim',
      capitalPaise,
      cashPaise: capitalPaise,
      retiredRealisedPaise: 0,
      retiredChargesPaise: 0,
    };
    this.accountsById.set(spec.id, account);
    return { id: account.id, name: account.name, mode: account.mode };
  }

  /**
   * After a restart, on a fresh broker with its accounts added: rebuilds orders and clientOrderIds (placing
   * a known one again returns the saved order), resting limits, and positions and cash by booking the fills
   * again in time order, each with the charges it carries or, read back without them, at the rates of its
   * date (so cash comes back to the paisa). Restored ids are never issued again. Reports only what it had to repair (see
   * consistentHistory), so that a store already listening saves the repair.
   */
  restore(history: BrokerHistory): void {
    if (this.ordersById.size > 0) throw new Error('restore() needs a fresh broker: this one has placed orders already.');
    const { orders, fills, repaired } = consistentHistory(history, this.ids);
    // Accounts first, so a history for accounts that are not here changes nothing. (A rejected order may
    // name an unknown account: that is why it was rejected.)
    for (const { accountId } of [...fills, ...orders.filter((o) => o.status === 'OPEN')]) this.account(accountId);
    const now = this.clock.now();
    for (const order of orders) {
      // Still queued: it has not met an open market since it was last changed (see onMarket).
      const queued = order.status === 'OPEN' && this.hours.closedFor(order.symbol, order.updatedAt)?.code === 'MARKET_CLOSED';
      const sim: SimOrder = { order, limitPaise: order.type === 'LIMIT' && order.price !== null ? toPaise(order.price) : null, queued };
      this.ordersById.set(order.id, sim);
      this.byClientOrderId.set(clientKey(order.accountId, order.clientOrderId), sim);
      if (order.status === 'OPEN') this.restingFor(order.symbol).add(sim);
      // Kept from now, not from when it finished: a signal replayed after the restart still finds it.
      else this.finished.add(sim, now);
    }
    const charged = new Map<string, Paise>();
    for (const fill of fills) {
      const pricePaise = toPaise(fill.price);
      const settlement = isSettlement(fill.clientOrderId);
      const chargesPaise =
        fill.charges === undefined ? this.accounting.charges(fill.symbol, fill.side, fill.qty, pricePaise, fill.time, settlement) : toPaise(fill.charges);
      this.book(fill.accountId, fill.symbol, fill.side, fill.qty, pricePaise, chargesPaise ?? 0);
      if (chargesPaise !== undefined) charged.set(fill.orderId, (charged.get(fill.orderId) ?? 0) + chargesPaise);
      const contract = settlement ? this.accounting.contract(fill.symbol) : undefined;
      if (contract !== undefined) this.accounting.noteSettled(contract, pricePaise);
    }
    for (const [orderId, paise] of charged) {
      const sim = this.ordersById.get(orderId);
      if (sim !== undefined) sim.order.charges = toRupees(paise);
    }
    for (const event of repaired) this.events.emit(event);
  }

  placeOrder(req: OrderRequest): Promise<Order> {
    return promiseOf(() => this.place(req));
  }

  private place(req: OrderRequest): Order {
    const key = clientKey(req.accountId, req.clientOrderId);
    const existing = this.byClientOrderId.get(key);
    if (existing !== undefined) return { ...existing.order };

    const now = this.clock.now();
    const limitPaise = req.type === 'LIMIT' && req.price !== undefined ? toPaise(req.price) : null;
    const closed = this.hours.closedFor(req.symbol, now);
    const queued = closed?.code === 'MARKET_CLOSED' && req.whenClosed === 'queue';
    const invalid = this.rejectReason(req);
    // An invalid order is refused for what is wrong with it; a valid one for the closed market.
    const refusedClosed = invalid === undefined && closed !== undefined && !queued ? closed : undefined;
    const rejectReason = invalid ?? (refusedClosed && closedReason(refusedClosed.message, refusedClosed.code === 'MARKET_CLOSED'));
    const refusal = rejectReason === undefined ? this.accountRefusal(req, now) : undefined;
    const order: Order = {
      id: this.ids.next('ord'),
      clientOrderId: req.clientOrderId,
      accountId: req.accountId,
      symbol: req.symbol,
      side: req.side,
      qty: req.qty,
      type: req.type,
      price: req.type === 'LIMIT' ? (req.price ?? null) : null,
      status: rejectReason === undefined && refusal === undefined ? 'OPEN' : 'REJECTED',
      filledQty: 0,
      avgFillPrice: null,
      createdAt: now,
      updatedAt: now,
    };
    if (rejectReason !== undefined) order.rejectReason = rejectReason;
    if (refusedClosed !== undefined) order.rejectCode = refusedClosed.code;
    if (refusal !== undefined) {
      order.rejectReason = refusal.message;
      order.rejectCode = refusal.code;
    }
    if (req.tag !== undefined) order.tag = req.tag;
    const sim: SimOrder = { order, limitPaise, queued };
    this.ordersById.set(order.id, sim);
    this.byClientOrderId.set(key, sim);

    if (order.status === 'OPEN') {
      const fillPaise = queued ? null : this.arrivalPaise(sim);
      if (fillPaise !== null) return this.fill(sim, fillPaise, now);
      this.restingFor(order.symbol).add(sim);
    } else this.finished.add(sim, now);
    this.events.emit({ type: 'order', order: { ...order } });
    return { ...order };
  }

  /**
   * Modifies an OPEN order in place (same id and clientOrderId) and notes the change in its
   * `modifications`. A change that makes it marketable fills it at once, as a new order would: a
   * conversion to MARKET at the ask or bid (with slippage), a limit moved to or through the ask (BUY) or
   * bid (SELL) at that price, never past the limit. While the exchange is closed only a queued order can
   * be modified (it stays queued); any other is refused with MARKET_CLOSED, as the exchange would.
   */
  modifyOrder(orderId: string, change: OrderChange): Promise<Order> {
    return promiseOf(() => this.modify(orderId, change));
  }

  private modify(orderId: string, change: OrderChange): Order {
    const sim = this.openOrder(orderId, 'modified');
    const { order } = sim;
    const price = change.type === 'LIMIT' ? change.price : undefined;
    if (change.type === 'LIMIT') {
      const wrong =
        price === undefined || !Number.isFinite(price) || price <= 0 ? 'A LIMIT order needs a positive price.' : offTickMessage(price, this.tickPaise);
      if (wrong !== undefined) throw new BrokerError('INVALID_MODIFICATION', `Order ${orderId} was not modified: ${wrong}`, { orderId, change });
    }
    const now = this.clock.now();
    const closed = this.hours.closedFor(order.symbol, now);
    if (closed !== undefined && !sim.queued) {
      throw new BrokerError('MARKET_CLOSED', `Order ${orderId} was not modified: ${closed.message}`, { orderId, change, exchange: closed.exchange });
    }
    order.type = change.type;
    order.price = price ?? null;
    order.updatedAt = now;
    order.modifications = [...(order.modifications ?? []), { time: now, type: order.type, price: order.price }];
    sim.limitPaise = price === undefined ? null : toPaise(price);
    // Open again: a queued order meets the market now, as a new order would.
    if (closed === undefined) sim.queued = false;
    const fillPaise = sim.queued ? null : this.arrivalPaise(sim);
    if (fillPaise !== null) return this.fill(sim, fillPaise, now);
    this.events.emit({ type: 'order', order: { ...order } });
    return { ...order };
  }

  cancelOrder(orderId: string): Promise<Order> {
    return promiseOf(() => {
      const sim = this.openOrder(orderId, 'cancelled');
      const { order } = sim;
      this.resting.get(order.symbol)?.delete(sim);
      order.status = 'CANCELLED';
      order.updatedAt = this.clock.now();
      this.finished.add(sim, order.updatedAt);
      this.events.emit({ type: 'order', order: { ...order } });
      return { ...order };
    });
  }

  /**
   * Call on every tick: nothing happens while a symbol's exchange is closed. Once it is open, a queued
   * order meets the market as a new order would (see placeOrder): it fills at this tick's quote, or, a limit
   * not marketable, is reported OPEN at this time and rests from here on. A resting limit order fills at its
   * limit once the quote crosses it (BUY: ask ≤ limit, SELL: bid ≥ limit). A resting market order (a
   * restored one) fills at the tick's ask or bid. `symbols` narrows the check to the symbols that just ticked.
   * From a contract's expiry on, every position held in it is cash-settled (see settleExpired), whatever
   * `symbols` says.
   */
  onMarket(symbols?: Iterable<string>): void {
    const now = this.clock.now();
    for (const symbol of symbols ?? [...this.resting.keys()]) {
      const open = this.resting.get(symbol);
      if (open === undefined || open.size === 0) continue;
      const quote = this.market.quote(symbol);
      if (quote === undefined || this.hours.closedFor(symbol, now) !== undefined) continue;
      for (const sim of [...open]) {
        const limit = sim.limitPaise;
        const price = limit === null || sim.queued ? this.arrivalPaise(sim, quote) : restingFillPaise(sim.order.side, touchPaise(sim.order.side, quote), limit);
        if (price !== null) this.fill(sim, price, now);
        else if (sim.queued) this.release(sim, now);
      }
    }
    // Past an expiry (15:30 IST on the expiry day): what is held in the contract is cash-settled.
    if (now >= this.nextExpiryMs) this.settleDue(now);
    this.forgetFinished(now);
  }

  /** What the broker holds in memory, for monitoring: it stays flat however long the broker runs (see keepFinishedMs). */
  retained(): { orders: number; clientOrderIds: number; restingOrders: number; positionBooks: number; finishing: number } {
    let restingOrders = 0;
    for (const open of this.resting.values()) restingOrders += open.size;
    return {
      orders: this.ordersById.size,
      clientOrderIds: this.byClientOrderId.size,
      restingOrders,
      positionBooks: this.positionBook.size,
      finishing: this.finished.size,
    };
  }

  orders(filter: OrderFilter = {}): Promise<Order[]> {
    const out: Order[] = [];
    for (const { order } of this.ordersById.values()) {
      if (filter.accountId !== undefined && order.accountId !== filter.accountId) continue;
      if (filter.status !== undefined && order.status !== filter.status) continue;
      if (filter.symbol !== undefined && order.symbol !== filter.symbol) continue;
      if (filter.tag !== undefined && order.tag !== filter.tag) continue;
      if (filter.clientOrderId !== undefined && order.clientOrderId !== filter.clientOrderId) continue;
      out.push({ ...order });
    }
    return Promise.resolve(out);
  }

  positions(accountId: string): Promise<Position[]> {
    return promiseOf(() => {
      this.account(accountId);
      return this.positionBook.symbols(accountId).map((symbol) => this.positionOf(accountId, symbol));
    });
  }

  accounts(): Promise<Account[]> {
    return Promise.resolve([...this.accountsById.values()].map(({ id, name, mode }) => ({ id, name, mode })));
  }

  funds(accountId: string): Promise<Funds> {
    return promiseOf(() => this.fundsOf(accountId));
  }

  private fundsOf(accountId: string): Funds {
    const account = this.account(accountId);
    const { realisedPaise, unrealisedPaise, chargesPaise, equityPaise } = this.valueOf(account);
    const marginUsedPaise = this.accounting.marginUsedPaise(this.positionBook, accountId);
    return {
      accountId,
      capital: toRupees(account.capitalPaise),
      cash: toRupees(account.cashPaise),
      realisedPnl: toRupees(realisedPaise),
      unrealisedPnl: toRupees(unrealisedPaise),
      charges: toRupees(chargesPaise),
      equity: toRupees(equityPaise),
      marginUsed: toRupees(marginUsedPaise),
      marginFree: toRupees(equityPaise - marginUsedPaise),
    };
  }

  /**
   * Cash-settles the account's position in an expired index option or future (see Broker.settleExpired),
   * once: an order resting on the contract is cancelled (it can never trade again), then the position is
   * closed by a FILLED settlement order (`settlement:<symbol>`, no tag) at the settlement value, reported
   * like any fill. Its charges are the STT on a long option exercised in the money; no brokerage.
   */
  settleExpired(accountId: string, symbol: string): Promise<Settlement | undefined> {
    return promiseOf(() => {
      this.account(accountId);
      return this.settle(accountId, symbol, this.clock.now());
    });
  }

  onUpdate(listener: BrokerListener): () => void {
    return this.events.on(listener);
  }

  private rejectReason(req: OrderRequest): string | undefined {
    if (!Number.isInteger(req.qty) || req.qty <= 0) {
      return `Quantity must be a positive whole number of units; got ${req.qty}.`;
    }
    const account = this.accountsById.get(req.accountId);
    // No list of the accounts that do exist: on a shared server they may be other users'.
    if (account === undefined) return `Unknown account "${req.accountId}" at the ${this.mode} broker.`;
    if (account.mode !== this.mode) {
      return `Account "${req.accountId}" is a ${account.mode} account; the ${this.mode} broker only trades ${this.mode} accounts.`;
    }
    if (this.market.quote(req.symbol) === undefined) {
      return `No quote for ${req.symbol}: the symbol is unknown or not trading.`;
    }
    if (req.type === 'LIMIT') {
      const price = req.price;
      if (price === undefined || !Number.isFinite(price) || price <= 0) return 'A LIMIT order needs a positive price.';
      return offTickMessage(price, this.tickPaise);
    }
    return undefined;
  }

  /** Where the order fills if it meets the market now (placed, modified, released at the open), or null. */
  private arrivalPaise(sim: SimOrder, quote: Quote | undefined = this.market.quote(sim.order.symbol)): Paise | null {
    if (quote === undefined) return null;
    return arrivalFillPaise(sim.order.side, touchPaise(sim.order.side, quote), sim.limitPaise, this.slippageTicks, this.tickPaise);
  }

  /** A queued limit that was not marketable at the open rests from now on, like any limit: reported at `now`. */
  private release(sim: SimOrder, now: number): void {
    sim.queued = false;
    sim.order.updatedAt = now;
    this.events.emit({ type: 'order', order: { ...sim.order } });
  }

  /** Fills the whole order at `pricePaise` (a settlement: at the settlement value, charged as one). */
  private fill(sim: SimOrder, pricePaise: Paise, now: number, settlement = false): Order {
    const { order } = sim;
    sim.queued = false;
    this.resting.get(order.symbol)?.delete(sim);
    order.status = 'FILLED';
    order.filledQty = order.qty;
    order.avgFillPrice = toRupees(pricePaise);
    order.updatedAt = now;
    this.finished.add(sim, now);
    const chargesPaise = this.accounting.charges(order.symbol, order.side, order.qty, pricePaise, now, settlement);
    if (chargesPaise !== undefined) order.charges = toRupees(chargesPaise);
    this.book(order.accountId, order.symbol, order.side, order.qty, pricePaise, chargesPaise ?? 0);
    const fill: Fill = {
      id: this.ids.next('fill'),
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      accountId: order.accountId,
      symbol: order.symbol,
      side: order.side,
      qty: order.qty,
      price: toRupees(pricePaise),
      time: now,
    };
    if (chargesPaise !== undefined) fill.charges = toRupees(chargesPaise);
    // The order before its fill: a store's fill row refers to the order row, which must exist first.
    this.events.emit({ type: 'order', order: { ...order } });
    this.events.emit({ type: 'fill', fill });
    this.events.emit({ type: 'position', position: this.positionOf(order.accountId, order.symbol) });
    return { ...order };
  }

  /** Books a fill into the account's position and cash, its charges debited. */
  private book(accountId: string, symbol: string, side: Side, qty: number, pricePaise: Paise, chargesPaise: Paise): void {
    this.positionBook.apply(accountId, symbol, side, qty, pricePaise, chargesPaise);
    this.account(accountId).cashPaise += (side === 'SELL' ? 1 : -1) * pricePaise * qty - chargesPaise;
    this.watchExpiry(symbol);
  }

  /** Gross P&L, charges and net equity of an account, paise, marked at the market now. */
  private valueOf(account: SimAccount): { realisedPaise: Paise; unrealisedPaise: Paise; chargesPaise: Paise; equityPaise: Paise } {
    let realisedPaise = account.retiredRealisedPaise;
    let unrealisedPaise = 0;
    let chargesPaise = account.retiredChargesPaise;
    for (const symbol of this.positionBook.symbols(account.id)) {
      const book = this.positionBook.get(account.id, symbol);
      if (book === undefined) continue;
      realisedPaise += book.realisedPaise;
      chargesPaise += book.chargesPaise;
      unrealisedPaise += bookValues(book, this.markPaise(symbol, book.lastPricePaise)).unrealisedPaise;
    }
    return { realisedPaise, unrealisedPaise, chargesPaise, equityPaise: account.capitalPaise + realisedPaise + unrealisedPaise - chargesPaise };
  }

  /**
   * Why a valid order is refused for the account's sake, or undefined: a clientOrderId the broker keeps for
   * its settlements, a trade that cannot be charged, or more margin than is free (see SimAccounting.refusal).
   */
  private accountRefusal(req: OrderRequest, now: number): Refusal | undefined {
    if (isSettlement(req.clientOrderId)) {
      return {
        code: 'RESERVED_CLIENT_ORDER_ID',
        message: `clientOrderIds starting with "${SETTLEMENT_PREFIX}" are the broker's own expiry settlements; choose another.`,
      };
    }
    const account = this.account(req.accountId);
    const freePaise = () => this.valueOf(account).equityPaise - this.accounting.marginUsedPaise(this.positionBook, account.id);
    return this.accounting.refusal(req, now, this.positionBook, freePaise);
  }

  /**
   * The settlement of one account's position in one expired contract (undefined before its expiry):
   * cancels what rests on it, then books the position's close at the settlement value, once.
   */
  private settle(accountId: string, symbol: string, now: number): Settlement | undefined {
    const contract = this.accounting.contract(symbol);
    if (contract === undefined) {
      throw new BrokerError('NOT_A_CONTRACT', `${symbol} is not an option or future of the instrument file; only those are settled at expiry.`, { symbol });
    }
    if (now < contract.expiryMs) return undefined;
    const pricePaise = this.accounting.settlementPaise(contract);
    for (const sim of [...(this.resting.get(symbol) ?? [])]) {
      if (sim.order.accountId !== accountId) continue;
      this.resting.get(symbol)?.delete(sim);
      sim.order.status = 'CANCELLED';
      sim.order.updatedAt = now;
      this.finished.add(sim, now);
      this.events.emit({ type: 'order', order: { ...sim.order } });
    }
    const key = clientKey(accountId, `${SETTLEMENT_PREFIX}${symbol}`);
    const booked = this.byClientOrderId.get(key);
    if (booked !== undefined) return { accountId, symbol, price: toRupees(pricePaise), order: { ...booked.order } };
    const held = this.positionBook.get(accountId, symbol);
    const qty = held === undefined ? 0 : bookValues(held, pricePaise).qty;
    if (qty === 0) return { accountId, symbol, price: toRupees(pricePaise), order: null };
    const order: Order = {
      id: this.ids.next('ord'),
      clientOrderId: `${SETTLEMENT_PREFIX}${symbol}`,
      accountId,
      symbol,
      side: qty > 0 ? 'SELL' : 'BUY',
      qty: Math.abs(qty),
      type: 'MARKET',
      price: null,
      status: 'OPEN',
      filledQty: 0,
      avgFillPrice: null,
      createdAt: now,
      updatedAt: now,
    };
    const sim: SimOrder = { order, limitPaise: null, queued: false };
    this.ordersById.set(order.id, sim);
    this.byClientOrderId.set(key, sim);
    return { accountId, symbol, price: toRupees(pricePaise), order: this.fill(sim, pricePaise, now, true) };
  }

  /**
   * Settles what expired by `now` on every account (positions and resting orders); what cannot be yet waits.
   * A flat position in a contract expired keepFinishedMs ago is let go (see retire).
   */
  private settleDue(now: number): void {
    let next = Number.POSITIVE_INFINITY;
    for (const account of this.accountsById.values()) {
      const symbols = new Set(this.positionBook.symbols(account.id));
      for (const [symbol, open] of this.resting) for (const sim of open) if (sim.order.accountId === account.id) symbols.add(symbol);
      for (const symbol of symbols) {
        const contract = this.accounting.contract(symbol);
        if (contract === undefined) continue;
        const held = this.positionBook.get(account.id, symbol);
        const active = (held !== undefined && held.lots.length > 0) || [...(this.resting.get(symbol) ?? [])].some((sim) => sim.order.accountId === account.id);
        if (!active) {
          const retireAt = contract.expiryMs + this.finished.keepMs;
          if (now >= retireAt) this.retire(account, symbol);
          else next = Math.min(next, retireAt);
          continue;
        }
        if (now < contract.expiryMs) {
          next = Math.min(next, contract.expiryMs);
          continue;
        }
        try {
          this.settle(account.id, symbol, now);
        } catch (err) {
          // No index level to settle at yet: tried again at the next tick.
          if (!(err instanceof BrokerError) || err.code !== 'NO_SETTLEMENT_PRICE') throw err;
          next = Math.min(next, now);
          continue;
        }
        // Settled: flat now, let go keepFinishedMs after the expiry.
        next = Math.min(next, contract.expiryMs + this.finished.keepMs);
      }
    }
    this.nextExpiryMs = next;
  }

  /** A flat position in an expired contract: its book goes, what it realised and cost stays in the account's. */
  private retire(account: SimAccount, symbol: string): void {
    const book = this.positionBook.remove(account.id, symbol);
    if (book === undefined) return;
    account.retiredRealisedPaise += book.realisedPaise;
    account.retiredChargesPaise += book.chargesPaise;
  }

  /** Orders finished keepFinishedMs ago leave memory; the store keeps them. */
  private forgetFinished(now: number): void {
    this.finished.forgetDue(now, (sim) => {
      const { order } = sim;
      this.ordersById.delete(order.id);
      const key = clientKey(order.accountId, order.clientOrderId);
      if (this.byClientOrderId.get(key) === sim) this.byClientOrderId.delete(key);
    });
  }

  /** Notes a symbol that now holds a position or a resting order, so that onMarket settles it at its expiry. */
  private watchExpiry(symbol: string): void {
    const contract = this.accounting.contract(symbol);
    if (contract !== undefined && contract.expiryMs < this.nextExpiryMs) this.nextExpiryMs = contract.expiryMs;
  }

  private positionOf(accountId: string, symbol: string): Position {
    const book = this.positionBook.get(accountId, symbol);
    if (book === undefined) throw new Error(`No position book for ${accountId}/${symbol}`);
    return positionView(accountId, symbol, book, this.markPaise(symbol, book.lastPricePaise));
  }

  /** LTP in paise, or the last fill price when the symbol has no quote any more. */
  private markPaise(symbol: string, fallback: Paise): Paise {
    const quote = this.market.quote(symbol);
    return quote === undefined ? fallback : toPaise(quote.ltp);
  }

  /** The order, which must be OPEN to be `verb` (modified, cancelled). */
  private openOrder(orderId: string, verb: string): SimOrder {
    const sim = this.ordersById.get(orderId);
    if (sim === undefined) throw new BrokerError('UNKNOWN_ORDER', `No order "${orderId}".`, { orderId });
    const { status } = sim.order;
    if (status !== 'OPEN') {
      throw new BrokerError('ORDER_NOT_OPEN', `Order ${orderId} is ${status}; only an OPEN order can be ${verb}.`, { orderId, status });
    }
    return sim;
  }

  private account(accountId: string): SimAccount {
    const account = this.accountsById.get(accountId);
    if (account === undefined) throw new BrokerError('UNKNOWN_ACCOUNT', `Unknown account "${accountId}".`, { accountId });
    return account;
  }

  private restingFor(symbol: string): Set<SimOrder> {
    this.watchExpiry(symbol);
    let set = this.resting.get(symbol);
    if (set === undefined) {
      set = new Set();
      this.resting.set(symbol, set);
    }
    return set;
  }
}

/** The reject reason of an order placed while its exchange is closed: why, and what the trader can do. */
function closedReason(message: string, queueable: boolean): string {
  return queueable
    ? `${message} The order was not placed: send it again once the market is open, or ask for it to be queued for the open (whenClosed "queue").`
    : `${message} The order was not placed.`;
}
