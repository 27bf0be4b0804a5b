import type { Clock, MarketPort } from '../context.ts';
import type { Side } from '../message.ts';
import { toPaise, toRupees, type Paise } from '../money.ts';
import { Emitter } from './emitter.ts';
import { consistentHistory, type BrokerHistory } from './history.ts';
import { PositionBook, bookValues, positionView } from './position-book.ts';
import { arrivalFillPaise, offTickMessage } from './sim-pricing.ts';
import {
  BrokerError,
  clientKey,
  counterIds,
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
   * Ticks of slippage on market orders, default 0 (fills exactly at LTP, which hand-computed tests rely on).
   * A BUY pays `slippageTicks` ticks above LTP, a SELL receives that much below (never below one tick).
   * A marketable limit order slips too, but never past its limit price.
   */
  slippageTicks?: number;
  /** Rupees, default 0.05 (NSE/BSE index options). */
  tickSize?: number;
  accounts?: readonly SimAccountSpec[];
}

interface SimAccount {
  id: string;
  name: string;
  mode: BrokerMode;
  capitalPaise: Paise;
  cashPaise: Paise;
}

/** The broker's own copy of an order; callers only ever get clones. */
interface SimOrder {
  order: Order;
  limitPaise: Paise | null;
}

/**
 * The SIM broker: fills against the injected market, books fills into FIFO positions in integer paise, and
 * tracks cash per SIM account. There is no margin model yet: a SIM account may sell options or buy beyond
 * its cash without being refused, and cash goes negative instead. Charges (brokerage, STT, …) are not
 * modelled either, so P&L here is gross.
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
  private readonly accountsById = new Map<string, SimAccount>();
  private readonly ordersById = new Map<string, SimOrder>();
  private readonly byClientOrderId = new Map<string, SimOrder>();
  /** Open limit orders per symbol, so a tick only looks at the symbols that have any. */
  private readonly resting = new Map<string, Set<SimOrder>>();
  private readonly positionBook = new PositionBook();
  private readonly events = new Emitter<BrokerEvent>();

  constructor(options: SimBrokerOptions) {
    this.market = options.market;
    this.clock = options.clock;
    this.ids = options.ids ?? counterIds();
    this.id = options.id ?? 'sim';
    this.slippageTicks = options.slippageTicks ?? 0;
    this.tickPaise = toPaise(options.tickSize ?? 0.05);
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
    const account = { id: spec.id, name: spec.name ?? spec.id, mode: spec.mode ?? 'sim', capitalPaise, cashPaise: capitalPaise };
    this.accountsById.set(spec.id, account);
    return { id: account.id, name: account.name, mode: account.mode };
  }

  /**
   * After a restart, on a fresh broker with its accounts added: rebuilds orders and clientOrderIds (placing
   * a known one again returns the saved order), resting limits, and positions and cash by booking the fills
   * again in time order. Restored ids are never issued again. Reports only what it had to repair (see
   * consistentHistory), so that a store already listening saves the repair.
   */
  restore(history: BrokerHistory): void {
    if (this.ordersById.size > 0) throw new Error('restore() needs a fresh broker: this one has placed orders already.');
    const { orders, fills, repaired } = consistentHistory(history, this.ids);
    // Accounts first, so a history for accounts that are not here changes nothing. (A rejected order may
    // name an unknown account: that is why it was rejected.)
    for (const { accountId } of [...fills, ...orders.filter((o) => o.status === 'OPEN')]) this.account(accountId);
    for (const order of orders) {
      const sim: SimOrder = { order, limitPaise: order.type === 'LIMIT' && order.price !== null ? toPaise(order.price) : null };
      this.ordersById.set(order.id, sim);
      this.byClientOrderId.set(clientKey(order.accountId, order.clientOrderId), sim);
      if (order.status === 'OPEN') this.restingFor(order.symbol).add(sim);
    }
    for (const fill of fills) this.book(fill.accountId, fill.symbol, fill.side, fill.qty, toPaise(fill.price));
    for (const event of repaired) this.events.emit(event);
  }

  async placeOrder(req: OrderRequest): Promise<Order> {
    const key = clientKey(req.accountId, req.clientOrderId);
    const existing = this.byClientOrderId.get(key);
    if (existing !== undefined) return { ...existing.order };

    const now = this.clock.now();
    const limitPaise = req.type === 'LIMIT' && req.price !== undefined ? toPaise(req.price) : null;
    const rejectReason = this.rejectReason(req);
    const order: Order = {
      id: this.ids.next('ord'),
      clientOrderId: req.clientOrderId,
      accountId: req.accountId,
      symbol: req.symbol,
      side: req.side,
      qty: req.qty,
      type: req.type,
      price: req.type === 'LIMIT' ? (req.price ?? null) : null,
      status: rejectReason === undefined ? 'OPEN' : 'REJECTED',
      filledQty: 0,
      avgFillPrice: null,
      createdAt: now,
      updatedAt: now,
    };
    if (rejectReason !== undefined) order.rejectReason = rejectReason;
    if (req.tag !== undefined) order.tag = req.tag;
    const sim: SimOrder = { order, limitPaise };
    this.ordersById.set(order.id, sim);
    this.byClientOrderId.set(key, sim);

    if (order.status === 'OPEN') {
      const quote = this.market.quote(order.symbol);
      const fillPaise =
        quote === undefined ? null : arrivalFillPaise(order.side, toPaise(quote.ltp), limitPaise, this.slippageTicks, this.tickPaise);
      if (fillPaise !== null) return this.fill(sim, fillPaise, now);
      this.restingFor(order.symbol).add(sim);
    }
    this.events.emit({ type: 'order', order: { ...order } });
    return { ...order };
  }

  /**
   * Modifies an OPEN order in place (same id and clientOrderId) and notes the change in its
   * `modifications`. A change that makes it marketable fills it at once, as a new order would: a
   * conversion to MARKET at LTP (with slippage), a limit moved to or through LTP at LTP, never past it.
   */
  async modifyOrder(orderId: string, change: OrderChange): Promise<Order> {
    const sim = this.openOrder(orderId, 'modified');
    const { order } = sim;
    const price = change.type === 'LIMIT' ? change.price : undefined;
    if (change.type === 'LIMIT') {
      const wrong = price === undefined || !Number.isFinite(price) || price <= 0 ? 'A LIMIT order needs a positive price.' : offTickMessage(price, this.tickPaise);
      if (wrong !== undefined) throw new BrokerError('INVALID_MODIFICATION', `Order ${orderId} was not modified: ${wrong}`, { orderId, change });
    }
    const now = this.clock.now();
    order.type = change.type;
    order.price = price ?? null;
    order.updatedAt = now;
    order.modifications = [...(order.modifications ?? []), { time: now, type: order.type, price: order.price }];
    sim.limitPaise = price === undefined ? null : toPaise(price);
    const quote = this.market.quote(order.symbol);
    const fillPaise = quote === undefined ? null : arrivalFillPaise(order.side, toPaise(quote.ltp), sim.limitPaise, this.slippageTicks, this.tickPaise);
    if (fillPaise !== null) return this.fill(sim, fillPaise, now);
    this.events.emit({ type: 'order', order: { ...order } });
    return { ...order };
  }

  async cancelOrder(orderId: string): Promise<Order> {
    const sim = this.openOrder(orderId, 'cancelled');
    const { order } = sim;
    this.resting.get(order.symbol)?.delete(sim);
    order.status = 'CANCELLED';
    order.updatedAt = this.clock.now();
    this.events.emit({ type: 'order', order: { ...order } });
    return { ...order };
  }

  /**
   * Call on every tick: fills each resting limit order whose market has crossed its price (BUY: LTP ≤ limit,
   * SELL: LTP ≥ limit), at the limit price. `symbols` narrows the check to the symbols that just ticked.
   * A resting market order (only a restored one can be: a new one fills or is rejected on arrival) fills
   * at the tick's LTP, as a market order does.
   */
  onMarket(symbols?: Iterable<string>): void {
    const now = this.clock.now();
    for (const symbol of symbols ?? [...this.resting.keys()]) {
      const open = this.resting.get(symbol);
      if (open === undefined || open.size === 0) continue;
      const quote = this.market.quote(symbol);
      if (quote === undefined) continue;
      const ltpPaise = toPaise(quote.ltp);
      for (const sim of [...open]) {
        const limit = sim.limitPaise;
        if (limit === null) {
          const price = arrivalFillPaise(sim.order.side, ltpPaise, null, this.slippageTicks, this.tickPaise);
          if (price !== null) this.fill(sim, price, now);
        } else if (sim.order.side === 'BUY' ? ltpPaise <= limit : ltpPaise >= limit) this.fill(sim, limit, now);
      }
    }
  }

  async orders(filter: OrderFilter = {}): Promise<Order[]> {
    const out: Order[] = [];
    for (const { order } of this.ordersById.values()) {
      if (filter.accountId !== undefined && order.accountId !== filter.accountId) continue;
      if (filter.status !== undefined && order.status !== filter.status) continue;
      if (filter.symbol !== undefined && order.symbol !== filter.symbol) continue;
      if (filter.tag !== undefined && order.tag !== filter.tag) continue;
      if (filter.clientOrderId !== undefined && order.clientOrderId !== filter.clientOrderId) continue;
      out.push({ ...order });
    }
    return out;
  }

  async positions(accountId: string): Promise<Position[]> {
    this.account(accountId);
    return this.positionBook.symbols(accountId).map((symbol) => this.positionOf(accountId, symbol));
  }

  async accounts(): Promise<Account[]> {
    return [...this.accountsById.values()].map(({ id, name, mode }) => ({ id, name, mode }));
  }

  async funds(accountId: string): Promise<Funds> {
    const account = this.account(accountId);
    let realisedPaise = 0;
    let unrealisedPaise = 0;
    for (const symbol of this.positionBook.symbols(accountId)) {
      const book = this.positionBook.get(accountId, symbol);
      if (book === undefined) continue;
      realisedPaise += book.realisedPaise;
      unrealisedPaise += bookValues(book, this.markPaise(symbol, book.lastPricePaise)).unrealisedPaise;
    }
    return {
      accountId,
      capital: toRupees(account.capitalPaise),
      cash: toRupees(account.cashPaise),
      realisedPnl: toRupees(realisedPaise),
      unrealisedPnl: toRupees(unrealisedPaise),
      equity: toRupees(account.capitalPaise + realisedPaise + unrealisedPaise),
    };
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

  private fill(sim: SimOrder, pricePaise: Paise, now: number): Order {
    const { order } = sim;
    this.resting.get(order.symbol)?.delete(sim);
    order.status = 'FILLED';
    order.filledQty = order.qty;
    order.avgFillPrice = toRupees(pricePaise);
    order.updatedAt = now;
    this.book(order.accountId, order.symbol, order.side, order.qty, pricePaise);
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
    // The order before its fill: a store's fill row refers to the order row, which must exist first.
    this.events.emit({ type: 'order', order: { ...order } });
    this.events.emit({ type: 'fill', fill });
    this.events.emit({ type: 'position', position: this.positionOf(order.accountId, order.symbol) });
    return { ...order };
  }

  /** Books a fill into the account's position and cash. */
  private book(accountId: string, symbol: string, side: Side, qty: number, pricePaise: Paise): void {
    this.positionBook.apply(accountId, symbol, side, qty, pricePaise);
    this.account(accountId).cashPaise += (side === 'SELL' ? 1 : -1) * pricePaise * qty;
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
    let set = this.resting.get(symbol);
    if (set === undefined) {
      set = new Set();
      this.resting.set(symbol, set);
    }
    return set;
  }
}
