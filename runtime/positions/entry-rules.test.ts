import { describe, expect, it } from 'vitest';
import { FixedMarket } from '../market/fixed-market.ts';
import { EntryRejectedError, checkEntry, limitPricePaise } from './entry-rules.ts';
import { CE, PE, leg } from './test-fixtures.ts';
import type { EnterArgs } from './types.ts';

const market = new FixedMarket().setPrice(CE, 120.05).setPrice(PE, 110);

function args(over: Partial<EnterArgs> = {}): EnterArgs {
  return {
    deploymentId: 'dep-1',
    mode: 'sim',
    accountId: 'SIM-1',
    legs: [leg({ id: 'ce', symbol: CE, side: 'SELL' }), leg({ id: 'pe', symbol: PE, side: 'SELL', lots: 2 })],
    risk: {},
    orderType: 'MARKET',
    limitOffsetPct: 0,
    idempotencyKey: 'k',
    ...over,
  };
}

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof EntryRejectedError ? err.code : 'not an EntryRejectedError';
  }
}

describe('checkEntry', () => {
  it('accepts an entry within its limits', () => {
    expect(codeOf(() => checkEntry(args({ risk: { limits: { maxLotsPerOrder: 2, maxOpenLots: 5 } } }), market, 2))).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(codeOf(() => checkEntry(args({ legs: [] }), market, 0))).toBe('NO_LEGS');
    expect(codeOf(() => checkEntry(args({ legs: [leg({ id: 'a', symbol: CE, side: 'BUY' }), leg({ id: 'a', symbol: PE, side: 'BUY' })] }), market, 0))).toBe('DUPLICATE_LEG_ID');
    expect(codeOf(() => checkEntry(args({ risk: { limits: { maxLotsPerOrder: 1 } } }), market, 0))).toBe('MAX_LOTS_PER_ORDER');
    expect(codeOf(() => checkEntry(args({ risk: { limits: { maxOpenLots: 5 } } }), market, 3))).toBe('MAX_OPEN_LOTS');
    expect(codeOf(() => checkEntry(args({ risk: { squareOffAt: '3:15pm' } }), market, 0))).toBe('INVALID_RISK');
    expect(codeOf(() => checkEntry(args({ legs: [leg({ id: 'x', symbol: 'NOPE', side: 'BUY' })] }), market, 0))).toBe('NO_QUOTE');
  });
});

describe('limitPricePaise', () => {
  it('places BUY below and SELL above LTP, on the tick', () => {
    expect(limitPricePaise('BUY', 12_005, 1, 5)).toBe(11_885); // 118.8495 → 118.85
    expect(limitPricePaise('SELL', 12_005, 1, 5)).toBe(12_125); // 121.2505 → 121.25
    expect(limitPricePaise('BUY', 12_005, 0, 5)).toBe(12_005);
  });

  it('never goes below one tick', () => {
    expect(limitPricePaise('BUY', 10, 90, 5)).toBe(5);
  });
});
