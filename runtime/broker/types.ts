import { LegflowError } from '../errors.ts';
import type { Side } from '../message.ts';

/**
 * The broker contract: the SIM broker implements it now, live adapters later. Everything is async because a
 * live broker is a network call; every price and P&L at this boundary is in rupees (the SIM broker keeps
 * paise inside and converts on the way out).
 */
export type BrokerMode = 'sim' | 'live';
export type OrderType = 'MARKET' | 'LIMIT';
export type OrderStatus = 'OPEN' | 'FILLED' | 'REJECTED' | 'CANCELLED';

export interface OrderRequest {
  /**
   * The caller's id for this order. Placing the same clientOrderId again (on the same account) returns the
   * order already placed and places nothing: retries and replays are safe.
   */
  clientOrderId: string;
  accountId: string;
  symbol: string;
  side: Side;
  /** Units (lots × lot size), a positive integer. */
  qty: number;
  type: OrderType;
  /** LIMIT only: rupees, on the tick. Ignored for MARKET. */
  price?: number;
  /** Free text kept on the order for filtering, e.g. the deployment id. */
  tag?: string;
  /**
   * When the symbol's exchange is closed (a weekend, a holiday, before 09:15 or after 15:30 IST):
   * 'reject' (default) refuses the order with the reason; 'queue' keeps it OPEN and sends it to the market at
   * the first tick at or after the open, where it fills at that tick's quote (a limit only if marketable).
   */
  whenClosed?: WhenClosed;
}

export type WhenClosed = 'reject' | 'queue';

/** ClientOrderIds are unique per account: the key under which a broker (or the manager) looks one up. */
export function clientKey(accountId: string, clientOrderId: string): string {
  return `${accountId}\u0000${clientOrderId}`;
}

export interface Order {
  id: string;
  clientOrderId: string;
  accountId: string;
  symbol: string;
  side: Side;
  qty: number;
  type: OrderType;
  /** Limit price; null for MARKET. */
  price: number | null;
  status: OrderStatus;
  filledQty: number;
  /** Average fill price; null until something fills. */
  avgFillPrice: number | null;
  /** Why the broker rejected it, written for a human. */
  rejectReason?: string;
  /** What kind of refusal it was, to branch on, where the broker names one (e.g. INSUFFICIENT_MARGIN). */
  rejectCode?: OrderRejectCode;
  /**
   * Charges of its fills so far (brokerage, STT, exchange, SEBI, stamp duty, GST), rupees; absent when the
   * broker reports none (a SIM broker without a charges model).
   */
  charges?: number;
  tag?: string;
  createdAt: number;
  updatedAt: number;
  /**
   * Each accepted modification, oldest first, with the type and price it set; absent when never modified.
   * A new array on every modification, so a copy of the order taken earlier keeps the history it had.
   */
  modifications?: readonly OrderModification[];
}

/** What a modification changes on an OPEN order: a new limit price, or a conversion (LIMIT → MARKET). */
export interface OrderChange {
  type: OrderType;
  /** LIMIT only: rupees, on the tick. */
  price?: number;
}

export interface OrderModification {
  time: number;
  type: OrderType;
  /** The limit price set; null for a conversion to MARKET. */
  price: number | null;
}

export interface Fill {
  id: string;
  orderId: string;
  clientOrderId: string;
  accountId: string;
  symbol: string;
  side: Side;
  qty: number;
  price: number;
  time: number;
  /**
   * What this fill cost beyond its price (debited from the account's cash), rupees; absent when the broker
   * charges none. A broker given a fill without it (read back from storage) charges it again at the rates
   * of its date.
   */
  charges?: number;
}

export type OrderRejectCode =
  | 'INSUFFICIENT_MARGIN'
  | 'NO_CHARGE_RATES'
  | 'NOT_A_CONTRACT'
  | 'RESERVED_CLIENT_ORDER_ID'
  /** The symbol's exchange is closed (weekend, holiday, outside 09:15–15:30 IST); see OrderRequest.whenClosed. */
  | 'MARKET_CLOSED'
  /** The holiday calendar does not cover the date, so Legflow cannot tell whether the exchange is open. */
  | 'CALENDAR_NOT_COVERED'
  /** The symbol is not an index, option or future of the instrument file: no exchange hours apply to it. */
  | 'UNKNOWN_EXCHANGE';

/**
 * The clientOrderId of the broker's own booking of an expiry settlement: `settlement:<symbol>` (a symbol
 * expires once, so one per account and symbol). Reserved: an order placed with it is refused.
 */
export const SETTLEMENT_PREFIX = 'settlement:';

export function isSettlement(clientOrderId: string): boolean {
  return clientOrderId.startsWith(SETTLEMENT_PREFIX);
}

/** How an expired contract was cash-settled on one account. */
export interface Settlement {
  accountId: string;
  symbol: string;
  /**
   * Rupees a unit: an option's intrinsic value against the index's settlement price (0 when it expired out
   * of the money), a future's settlement price.
   */
  price: number;
  /** The settlement the broker booked for the account's position (null when the account held none). */
  order: Order | null;
}

/** Net position of one account in one symbol; a closed position stays listed with its realised P&L. */
export interface Position {
  accountId: string;
  symbol: string;
  /** Signed: positive long, negative short, 0 flat. */
  qty: number;
  /** Average price of the open lots (display only: P&L is computed lot by lot, exactly). 0 when flat. */
  avgPrice: number;
  ltp: number;
  /** Gross: before charges. */
  realisedPnl: number;
  unrealisedPnl: number;
  /** realisedPnl + unrealisedPnl, gross. */
  pnl: number;
  /** Charges of the fills in this symbol, rupees (0 without a charges model). */
  charges: number;
  /** pnl − charges. */
  netPnl: number;
}

export interface Account {
  id: string;
  name: string;
  mode: BrokerMode;
}

/** Money of one account, in rupees. */
export interface Funds {
  accountId: string;
  /** Starting (virtual) capital. */
  capital: number;
  /** capital − what was paid for buys + what was received for sells − charges. */
  cash: number;
  /** Gross: before charges. */
  realisedPnl: number;
  unrealisedPnl: number;
  /** Charges paid (brokerage, STT, exchange, SEBI, stamp duty, GST), rupees; 0 without a charges model. */
  charges: number;
  /** capital + realised + unrealised − charges: what the account is worth now, net. */
  equity: number;
  /** Margin the open positions block (a documented SPAN + exposure approximation; 0 without a margin model). */
  marginUsed: number;
  /** equity − marginUsed: what a new position may use. An order needing more is refused. */
  marginFree: number;
}

export type BrokerEvent = { type: 'order'; order: Order } | { type: 'fill'; fill: Fill } | { type: 'position'; position: Position };

export type BrokerListener = (event: BrokerEvent) => void;

export interface OrderFilter {
  accountId?: string;
  status?: OrderStatus;
  symbol?: string;
  tag?: string;
  clientOrderId?: string;
}

export interface Broker {
  /** Unique among the brokers a router knows, e.g. "sim" or "zerodha". */
  readonly id: string;
  readonly mode: BrokerMode;
  /** Resolves with the order as placed (REJECTED with a reason rather than throwing for a bad order). */
  placeOrder(req: OrderRequest): Promise<Order>;
  /**
   * Changes an OPEN order's type or limit price (limit-with-chase). Resolves with the order as modified,
   * FILLED when the change made it marketable; throws a BrokerError for an unknown order, one that is no
   * longer open, or a change the broker refuses (the order then stays as it was).
   */
  modifyOrder(orderId: string, change: OrderChange): Promise<Order>;
  /** Cancels an OPEN order; throws a BrokerError for an unknown order or one that is no longer open. */
  cancelOrder(orderId: string): Promise<Order>;
  orders(filter?: OrderFilter): Promise<Order[]>;
  positions(accountId: string): Promise<Position[]>;
  /** The accounts this broker trades, with their mode: cheap, the router asks on every order. */
  accounts(): Promise<Account[]>;
  /** Capital, cash and P&L of one account; throws a BrokerError for an unknown account. */
  funds(accountId: string): Promise<Funds>;
  /**
   * The cash settlement of the account's position in an expired contract (index options and futures are
   * cash-settled at 15:30 IST on the expiry day), booked once: asking again returns the same settlement.
   * Undefined while the contract has not expired. Throws a BrokerError for a symbol that is no option or
   * future, or when the settlement price cannot be known yet.
   */
  settleExpired(accountId: string, symbol: string): Promise<Settlement | undefined>;
  /** Order, fill and position events; returns the unsubscribe function. */
  onUpdate(listener: BrokerListener): () => void;
}

export type BrokerErrorCode =
  | 'UNKNOWN_ORDER'
  | 'ORDER_NOT_OPEN'
  | 'INVALID_MODIFICATION'
  | 'MARKET_CLOSED'
  | 'UNKNOWN_ACCOUNT'
  | 'DUPLICATE_ACCOUNT'
  | 'NOT_A_CONTRACT'
  | 'NO_SETTLEMENT_PRICE';

/** A broker call that cannot be carried out at all (as opposed to an order the broker rejected). */
export class BrokerError extends LegflowError<BrokerErrorCode> {
  override readonly name = 'BrokerError';
}

/** Where ids come from: injected so that tests and CLI output are deterministic. */
export interface IdGenerator {
  next(prefix: string): string;
  /**
   * Marks an id as already issued (read back from storage after a restart), so that `next` never issues it
   * again. An id this generator could not have made is ignored.
   */
  reserve(id: string): void;
}

/** `prefix-N` split into its parts; undefined for an id of another shape. */
function counterParts(id: string): { prefix: string; n: number } | undefined {
  const match = /^(.+)-(\d+)$/.exec(id);
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
  return { prefix: match[1], n: Number(match[2]) };
}

/** Ids `prefix-1`, `prefix-2`, … counted per prefix; after `reserve("ord-7")` the next order id is `ord-8`. */
export function counterIds(): IdGenerator {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}-${n}`;
    },
    reserve(id) {
      const parts = counterParts(id);
      if (parts !== undefined && parts.n > (counters.get(parts.prefix) ?? 0)) counters.set(parts.prefix, parts.n);
    },
  };
}

/**
 * Orders ids by issue: `ord-9` before `ord-10` (a plain string compare would not), other shapes by text.
 * Breaks ties between records of the same millisecond when history is read back from storage.
 */
export function compareIds(a: string, b: string): number {
  const pa = counterParts(a);
  const pb = counterParts(b);
  if (pa !== undefined && pb !== undefined && pa.prefix === pb.prefix) return pa.n - pb.n;
  return a < b ? -1 : a > b ? 1 : 0;
}
