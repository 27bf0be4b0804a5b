/**
 * A SIM short straddle's morning, for the live panels' stories: signals from every source, its orders,
 * an open and a closed group, and an hour of underlying, premium and MTM. Deterministic (no Math.random).
 */
import type { Leg, Order, PositionGroup, SignalRow } from '../deployments/deployment-schemas.ts';
import type { LiveState } from './liveSlice.ts';
import { groupMtm } from './pnl.ts';
import type { Point } from './series.ts';

/** 10:00 IST on Wednesday 2026-11-25, in Unix seconds. */
const START = Date.UTC(2026, 10, 25, 4, 30) / 1000;
const at = (seconds: number) => new Date((START + seconds) * 1000).toISOString();
/** A live (not replayed) SIM clock: the market's time is the wall clock's. */
const signal = (id: string, source: string, channel: string, action: string, status: SignalRow['status'], seconds: number): SignalRow => ({
  id,
  source,
  channel,
  action,
  status,
  receivedAt: at(seconds),
  marketAt: at(seconds),
});

export const storySignals: SignalRow[] = [
  signal('s6', 'position', 'position', 'LEG_STOP_HIT', 'completed', 3_050),
  signal('s5', 'tradingview', 'nifty-straddle', 'EXIT', 'completed', 3_000),
  signal('s4', 'manual', 'desk', 'ADJUST', 'ignored', 2_400),
  signal('s3', 'python', 'nifty-straddle', 'ENTRY', 'failed', 1_800),
  signal('s2', 'schedule', 'schedule', 'ENTRY', 'running', 1_200),
  signal('s1', 'tradingview', 'nifty-straddle', 'ENTRY', 'completed', 600),
];

const order = (
  id: string,
  symbol: string,
  side: 'BUY' | 'SELL',
  status: Order['status'],
  avg: number | null,
  seconds: number,
  rejectReason: string | null = null,
): Order => ({
  id,
  clientOrderId: `c_${id}`,
  accountId: 'a_story',
  deploymentId: 'd_story',
  symbol,
  side,
  qty: 65,
  type: 'MARKET',
  price: null,
  status,
  filledQty: status === 'FILLED' ? 65 : 0,
  avgFillPrice: avg,
  rejectReason,
  createdAt: at(seconds),
  modifications: [],
});

export const storyOrders: Order[] = [
  order('o5', 'NIFTY01DEC2626000CE', 'BUY', 'REJECTED', null, 3_001, 'Daily loss limit reached; no new entries today.'),
  order('o4', 'NIFTY01DEC2626000PE', 'BUY', 'FILLED', 96.4, 3_000),
  order('o3', 'NIFTY01DEC2626000CE', 'BUY', 'FILLED', 151.75, 3_000),
  order('o2', 'NIFTY01DEC2626000PE', 'SELL', 'FILLED', 110.2, 600),
  order('o1', 'NIFTY01DEC2626000CE', 'SELL', 'FILLED', 120.05, 600),
];

const leg = (id: string, symbol: string, status: Leg['status'], entry: number, ltp: number | null, exit: number | null, realised: number): Leg => ({
  id,
  symbol,
  side: 'SELL',
  lots: 1,
  qty: 65,
  status,
  entryPrice: entry,
  stopPrice: Math.round(entry * 125) / 100,
  targetPrice: null,
  exitPrice: exit,
  exitReason: exit === null ? null : 'stop',
  realisedPnl: realised,
  waitingFor: null,
  charges: 0,
  netPnl: realised,
  awaitingReturn: false,
  partialExits: [],
  ltp,
  greeks: null,
});

const group = (id: string, status: PositionGroup['status'], opened: number, closed: number | null) => ({
  id,
  tag: null,
  deploymentId: 'd_story',
  accountId: 'a_story',
  mode: 'sim' as const,
  status,
  createdAt: (START + opened) * 1000,
  closedAt: closed === null ? null : (START + closed) * 1000,
  greeks: null,
});

export const closedGroup: PositionGroup = {
  ...group('g1', 'closed', 600, 3_000),
  realisedPnl: -1_539.2,
  charges: 86.4,
  netPnl: -1_625.6,
  legs: [leg('ce', 'NIFTY01DEC2626000CE', 'closed', 120.05, 149.1, 151.75, -2_060.5), leg('pe', 'NIFTY01DEC2626000PE', 'closed', 110.2, 95.2, 96.4, 897)],
};

export const openGroup: PositionGroup = {
  ...group('g2', 'open', 3_200, null),
  realisedPnl: 0,
  charges: 43.1,
  netPnl: -43.1,
  legs: [leg('ce', 'NIFTY01DEC2626050CE', 'open', 98.5, 91.25, null, 0), leg('pe', 'NIFTY01DEC2626050PE', 'open', 104, 109.9, null, 0)],
};

/** A smooth, repeatable walk: sums of sines, so a story looks the same on every build. */
const wave = (t: number, ...terms: Array<[number, number]>) => terms.reduce((sum, [amp, period]) => sum + amp * Math.sin((2 * Math.PI * t) / period), 0);

function line(seconds: number, value: (t: number) => number, from = 0): Point[] {
  const points: Point[] = [];
  for (let t = from; t < seconds; t++) points.push({ time: START + t, value: Math.round(value(t) * 100) / 100 });
  return points;
}

const HOUR = 3_600;
const spot = line(HOUR, (t) => 26_010 + wave(t, [38, 1_900], [12, 410], [4, 67]));
const premium = [
  ...line(3_000, (t) => (t < 600 ? 0 : 230 - (t - 600) / 60 + wave(t, [14, 1_900], [3, 130])), 600),
  ...line(HOUR, (t) => (t < 3_200 ? 0 : 202 + wave(t, [2.5, 300])), 3_000),
];
// Flat until the entry, sliding to the stop's loss by the exit, flat again, then the re-entry's wobble.
const mtm = line(HOUR, (t) => {
  if (t < 600) return 0;
  if (t < 3_000) return -1_625.6 * ((t - 600) / 2_400) ** 1.5 + wave(t - 600, [180, 411], [60, 97]);
  return -1_625.6 + (t < 3_200 ? 0 : groupMtm(openGroup) + wave(t - 3_200, [120, 300]));
});

/** The live slice after an hour: what the charts draw. */
export const storyLive: LiveState = {
  deploymentId: 'd_story',
  connection: 'live',
  spots: { NIFTY: spot },
  premium,
  mtm,
  pastSignals: [],
  marketTime: (START + HOUR) * 1000,
  stoppedBecause: null,
};
