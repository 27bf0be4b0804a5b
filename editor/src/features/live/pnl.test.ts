import { describe, expect, it } from 'vitest';
import type { Leg, PositionGroup } from '../deployments/deployment-schemas.ts';
import { groupMtm, legPnl } from './pnl.ts';

const leg = (over: Partial<Leg>): Leg => ({
  id: 'l1',
  symbol: 'NIFTY01DEC2626000CE',
  side: 'SELL',
  lots: 1,
  qty: 65,
  status: 'open',
  entryPrice: 150,
  stopPrice: 187.5,
  targetPrice: null,
  exitPrice: null,
  exitReason: null,
  realisedPnl: 0,
  waitingFor: null,
  charges: 0,
  netPnl: 0,
  awaitingReturn: false,
  partialExits: [],
  ltp: 140,
  greeks: null,
  ...over,
});
const group = (legs: Leg[], over: Partial<PositionGroup> = {}): PositionGroup => ({
  id: 'g1',
  tag: null,
  deploymentId: 'd1',
  accountId: 'a1',
  mode: 'sim',
  status: 'open',
  createdAt: 0,
  closedAt: null,
  realisedPnl: 0,
  charges: 0,
  netPnl: 0,
  greeks: null,
  legs,
  ...over,
});

describe('P&L of the live view', () => {
  it('a short leg gains when its premium falls; a long one when it rises; a closed leg shows its realised P&L', () => {
    expect(legPnl(leg({}))).toBe(650);
    expect(legPnl(leg({ side: 'BUY' }))).toBe(-650);
    expect(legPnl(leg({ ltp: null }))).toBeNull();
    expect(legPnl(leg({ status: 'closed', realisedPnl: -3305.25 }))).toBe(-3305.25);
  });

  it('a group’s MTM is realised after charges plus the held legs at their LTPs', () => {
    const straddle = group([leg({ id: 'ce' }), leg({ id: 'pe', symbol: 'NIFTY01DEC2626000PE', entryPrice: 160, ltp: 170 })], { charges: 40.5, netPnl: -40.5 });
    expect(groupMtm(straddle)).toBe(650 - 650 - 40.5);
    const closed = group([leg({ status: 'closed', realisedPnl: 1000 })], { id: 'g0', status: 'closed', realisedPnl: 1000, charges: 50, netPnl: 950 });
    expect(groupMtm(closed)).toBe(950);
  });
});
