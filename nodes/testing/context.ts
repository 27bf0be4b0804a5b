/**
 * A NodeContext for node tests, built from the real calendar, instruments, virtual clock and fixed-price
 * market, so a node test exercises the same strike, expiry and symbol rules the runtime uses. Only execution
 * is recorded instead of placed: the real ExecutionPort belongs to the deployment runtime and is tested there.
 */
import type { EnterRequest, EnterResult, ExecutionPort, ExitResult, ExitScope, NodeContext } from '../../runtime/context.ts';
import { noFunctions, type FunctionsPort } from '../../runtime/functions.ts';
import { TradingCalendar } from '../../runtime/market/calendar.ts';
import { VirtualClock } from '../../runtime/market/clock.ts';
import { FixedMarket } from '../../runtime/market/fixed-market.ts';
import { Instruments } from '../../runtime/market/instruments.ts';
import { messageFromSignal, type Leg, type Message } from '../../runtime/message.ts';
import type { Signal } from '../../runtime/signal.ts';
import { istToMs } from '../../runtime/time.ts';
import type { NodeOutput } from '../../runtime/node-contract.ts';

/** Monday 5 Jan 2026, 10:00 IST: a trading day; NIFTY's current weekly expiry is Tuesday 6 Jan. */
export const TEST_NOW = istToMs('2026-01-05', '10:00');

export interface TestContextOptions {
  now?: number;
  /** Spot per underlying; NIFTY 26012.4 (ATM 26000) unless set. */
  spots?: Record<string, number>;
  nodeId?: string;
  dryRun?: boolean;
  /** The Python functions nodes may call; none unless set. */
  functions?: FunctionsPort;
}

export interface LogLine {
  level: 'info' | 'warn';
  message: string;
  fields: Record<string, unknown> | undefined;
}

export type ExitCall = ExitScope & { reason: string; signal: Signal };

export interface TestContext {
  ctx: NodeContext;
  market: FixedMarket;
  clock: VirtualClock;
  enters: EnterRequest[];
  exits: ExitCall[];
  logs: LogLine[];
}

const calendar = TradingCalendar.default();
const instruments = Instruments.default(calendar);

export function testContext(opts: TestContextOptions = {}): TestContext {
  const clock = new VirtualClock(opts.now ?? TEST_NOW);
  const market = new FixedMarket().setTime(clock.now());
  for (const [underlying, price] of Object.entries({ NIFTY: 26012.4, BANKNIFTY: 59940, ...opts.spots })) {
    market.setSpot(underlying, price);
  }
  const enters: EnterRequest[] = [];
  const exits: ExitCall[] = [];
  const logs: LogLine[] = [];
  const state = new Map<string, unknown>();
  const dryRun = opts.dryRun ?? false;
  const execution: ExecutionPort = {
    enter(req): Promise<EnterResult> {
      enters.push(req);
      const orders = req.legs.map((leg, i) => ({
        id: `o${enters.length}.${i + 1}`,
        legId: leg.id,
        symbol: leg.symbol,
        side: leg.side,
        qty: leg.qty,
        type: req.orderType === 'MARKET' ? ('MARKET' as const) : ('LIMIT' as const),
        price: null,
        status: dryRun ? ('DRY_RUN' as const) : ('FILLED' as const),
      }));
      return Promise.resolve({ groupId: `g${enters.length}`, orders });
    },
    exit(req): Promise<ExitResult> {
      exits.push(req);
      const groupId = req.scope !== 'deployment' && req.groupId ? req.groupId : 'g1';
      return Promise.resolve({ orders: [], groupIds: [groupId] });
    },
  };
  const ctx: NodeContext = {
    clock,
    market,
    instruments,
    calendar,
    execution,
    functions: opts.functions ?? noFunctions('no Python functions in this test'),
    state: {
      get: <T>(key: string) => state.get(key) as T | undefined,
      set: (key, value) => void state.set(key, value),
    },
    log: {
      info: (message, fields) => void logs.push({ level: 'info', message, fields }),
      warn: (message, fields) => void logs.push({ level: 'warn', message, fields }),
    },
    deployment: { id: 'dep-1', mode: 'sim' },
    nodeId: opts.nodeId ?? 'node1',
    dryRun,
  };
  return { ctx, market, clock, enters, exits, logs };
}

export function testSignal(overrides: Partial<Signal> = {}): Signal {
  return {
    id: 'sig-1',
    source: 'tradingview',
    channel: 'my-strategy',
    action: 'ENTRY',
    receivedAt: new Date(TEST_NOW).toISOString(),
    data: {},
    dedupeKey: 'my-strategy|id|1|t',
    ...overrides,
  };
}

export function testMessage(overrides: Partial<Message> = {}, signal: Partial<Signal> = {}): Message {
  return { ...messageFromSignal(testSignal(signal)), ...overrides };
}

/** A resolved NIFTY leg for risk and execution tests (values as legs.option would produce). */
export function testLeg(overrides: Partial<Leg> = {}): Leg {
  return {
    id: 'legs1.1',
    underlying: 'NIFTY',
    exchange: 'NSE',
    optionType: 'CE',
    side: 'SELL',
    lots: 1,
    lotSize: 65,
    qty: 65,
    strike: 26000,
    expiry: '2026-01-06',
    symbol: 'NIFTY06JAN2626000CE',
    ...overrides,
  };
}

/** The one message a node sent out of `port`; fails the test when it sent none or several. */
export function sent(out: NodeOutput, port: string): Message {
  const value = out ? out[port] : undefined;
  if (value === undefined || isList(value)) {
    throw new Error(`expected one message on "${port}", got ${JSON.stringify(value)}`);
  }
  return value;
}

function isList(value: Message | readonly Message[]): value is readonly Message[] {
  return Array.isArray(value);
}
