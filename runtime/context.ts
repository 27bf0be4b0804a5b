import type { FunctionsPort } from './functions.ts';
import type { OptionRates } from './market/black-scholes.ts';
import type { Leg, Message, RiskPolicy, Side } from './message.ts';
import type { Signal } from './signal-shape.ts';

/**
 * Everything a node may touch, handed to `run(ctx, input, params)`. No node reaches a global: the same
 * node runs the same in tests, SIM, live and backtest because only the context differs.
 */
export interface NodeContext {
  readonly clock: Clock;
  readonly market: NodeMarketPort;
  readonly instruments: InstrumentsPort;
  readonly calendar: CalendarPort;
  readonly execution: ExecutionPort;
  /** Functions of the owner's connected Python workers, called by name. */
  readonly functions: FunctionsPort;
  /** Per-node state that survives between runs of one deployment (dedupe windows, throttles). */
  readonly state: NodeStateStore;
  readonly log: NodeLogger;
  readonly deployment: { readonly id: string; readonly mode: 'sim' | 'live' };
  /** The id of the node being run. */
  readonly nodeId: string;
  /** A test run: nothing is placed, execution reports what it would do. */
  readonly dryRun: boolean;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` of this clock's time (a virtual clock advances instead of waiting). */
  sleep(ms: number): Promise<void>;
}

export interface Quote {
  symbol: string;
  ltp: number;
  bid: number;
  ask: number;
  /** Epoch ms of the quote. */
  time: number;
}

export interface MarketPort {
  /** Last price of an underlying index (NIFTY, BANKNIFTY, …). Throws for an unknown underlying. */
  spot(underlying: string): number;
  /** Quote of any tradable symbol (option or underlying); undefined when the symbol is not listed. */
  quote(symbol: string): Quote | undefined;
  /** A market of bars says what happened inside the bar in force (history); a market of ticks has none. */
  readonly bars?: BarRanges;
}

/**
 * Inside the bar in force: what a symbol's price was at the bar's open, low and high, so that stops and
 * targets see the whole bar and not its close alone, and the quote an exit at a level inside it fills at.
 */
export interface BarRanges {
  /** When the bar in force for the symbol's underlying began (epoch ms); undefined without one. */
  barStart(symbol: string): number | undefined;
  /** The symbol's LTP with its underlying at the bar's open, low or high; undefined where `quote` is. */
  ltpAt(symbol: string, point: 'open' | 'low' | 'high'): number | undefined;
  /** Until the market next moves, quote the symbol at this LTP (the spread around it): an exit at a level. */
  holdAt(symbol: string, ltp: number): void;
}

/** The market as nodes see it: prices, and what options are valued with. */
export interface NodeMarketPort extends MarketPort {
  /**
   * The risk-free rate and the underlying's dividend yield that the option chain and greeks are computed
   * with (the market settings). A strike picked by delta implies volatility from quotes with the same pair,
   * so the pick agrees with the delta the chain shows. Throws for an unknown underlying.
   */
  rates(underlying: string): OptionRates;
}

/**
 * Which expiry to trade. `nth-week` counts weekly expiries from the current one (1 = current, 2 = next …).
 * `roll`: on the expiry day itself, take the following expiry instead of trading the one expiring today (0-DTE).
 */
export type ExpiryRule = (
  | { kind: 'current-week' }
  | { kind: 'next-week' }
  | { kind: 'nth-week'; n: number }
  | { kind: 'current-month' }
  | { kind: 'next-month' }
  | { kind: 'date'; date: string }
) & { roll?: boolean };

export interface InstrumentSpec {
  underlying: string;
  exchange: string;
  lotSize: number;
  strikeStep: number;
  freezeQty: number;
  tickSize: number;
  expiry: { weekly: boolean; weekday: number };
}

export interface InstrumentsPort {
  /** Throws a clear error for an underlying that is not in the instrument file. Its lot size and expiry rule are today's. */
  get(underlying: string): InstrumentSpec;
  /** The lot size of the contract expiring on `expiry` (YYYY-MM-DD): lot revisions apply by expiry. */
  lotSize(underlying: string, expiry: string): number;
  /** Expiry date (YYYY-MM-DD) chosen by the rule, as of `now`; holiday-adjusted. */
  resolveExpiry(underlying: string, rule: ExpiryRule, now: number): string;
  /** ATM strike: the listed strike nearest the underlying price (ties go to the higher strike). */
  atmStrike(underlying: string, spot: number): number;
  /**
   * Strike `offset` steps from ATM in the OTM direction for this option type: +1 is one step OTM
   * (higher for CE, lower for PE), −1 one step ITM.
   */
  strikeByOffset(underlying: string, spot: number, optionType: 'CE' | 'PE', offset: number): number;
  /** Tradable symbol, e.g. NIFTY01DEC2626000CE. */
  optionSymbol(underlying: string, expiry: string, strike: number, optionType: 'CE' | 'PE'): string;
}

export interface EnterRequest {
  /** Legs in the order to place them (the enter node already put BUY legs first). */
  legs: readonly Leg[];
  risk: RiskPolicy;
  orderType: EntryOrderType;
  /** For LIMIT: how far from LTP to place, in percent (buy below, sell above). 0 places at LTP. */
  limitOffsetPct: number;
  /** For CHASE: how the limit follows the market. */
  chase?: ChaseParams;
  /** Absent: a new group. */
  group?: GroupChoice;
  /**
   * A leg's exchange is closed (weekend, holiday, before 09:15 or after 15:30 IST): 'reject' (absent) refuses
   * the entry with the reason; 'queue' places its orders to fill at the first tick at or after the open.
   */
  whenClosed?: 'reject' | 'queue';
  signal: Signal;
}

/** CHASE: a LIMIT at LTP (± offsetTicks) that is moved to the new LTP every `everyMs` up to N times, then sent at market. */
export type EntryOrderType = 'MARKET' | 'LIMIT' | 'CHASE';

export interface ChaseParams {
  /** Milliseconds of the deployment's clock between modifications. */
  everyMs: number;
  /** Modifications before the order is converted to MARKET. */
  maxModifications: number;
  /** Ticks from LTP in the trader's favour (BUY below, SELL above); 0 = at LTP; negative = through LTP. */
  offsetTicks: number;
}

/**
 * Which group an entry's legs join. `new` makes a group (named `tag` when given); `add-to-open` adds them to
 * the deployment's latest open group (the latest named `tag` when given), whose combined risk then covers them.
 */
export interface GroupChoice {
  mode: 'new' | 'add-to-open';
  tag?: string;
}

export interface PlacedOrder {
  id: string;
  legId: string;
  symbol: string;
  side: Side;
  qty: number;
  type: 'MARKET' | 'LIMIT';
  price: number | null;
  status: 'OPEN' | 'FILLED' | 'REJECTED' | 'CANCELLED' | 'DRY_RUN';
  fillPrice?: number;
  message?: string;
}

export interface EnterResult {
  groupId: string;
  orders: PlacedOrder[];
}

export type ExitScope = ({ scope: 'leg'; legId: string; groupId?: string } | { scope: 'group'; groupId?: string } | { scope: 'deployment' }) & ExitHow;

/** How an exit goes out. Absent fields: all of the scope, at market. */
export interface ExitHow {
  /** Part of each leg: n lots, or a percentage of its lots (floored to whole lots, at least 1). */
  portion?: ExitPortion;
  orderType?: 'MARKET' | 'CHASE';
  chase?: ChaseParams;
}

export type ExitPortion = { lots: number } | { pct: number };

export interface ExitResult {
  orders: PlacedOrder[];
  /** Groups closed by this exit. */
  groupIds: string[];
}

/** Orders and position groups, owned by the deployment. A dry run implements it without placing. */
export interface ExecutionPort {
  enter(req: EnterRequest): Promise<EnterResult>;
  /** `groupId` omitted: the deployment's latest open group. */
  exit(req: ExitScope & { reason: string; signal: Signal }): Promise<ExitResult>;
}

export interface NodeStateStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export interface NodeLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** What the executor hands to a node as `input`. */
export type NodeInput = Message;

/** Exchange trading calendar (weekends and exchange holidays). */
export interface CalendarPort {
  /** Throws a CALENDAR_NOT_COVERED MarketError (here and below) for a date outside the covered years. */
  isTradingDay(date: string, exchange?: string): boolean;
  /** The first trading day on or after `date`. */
  nextTradingDay(date: string, exchange?: string): string;
  /** The last trading day on or before `date`. */
  previousTradingDay(date: string, exchange?: string): string;
  /** True inside a covered year whose list the exchange has not published yet: answers may change. */
  isProvisional(date: string, exchange?: string): boolean;
}
