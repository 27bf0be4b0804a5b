import { describe, expect, it } from 'vitest';
import { ExchangeHours } from '../market/exchange-hours.ts';
import { FixedMarket } from '../market/fixed-market.ts';
import { istToMs } from '../time.ts';
import { EntryRejectedError, checkEntry, entryOpensAt, limitPricePaise } from './entry-rules.ts';
import { CE, PE, leg } from '../testing/positions.ts';
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
    expect(codeOf(() => checkEntry(args({ legs: [leg({ id: 'a', symbol: CE, side: 'BUY' }), leg({ id: 'a', symbol: PE, side: 'BUY' })] }), market, 0))).toBe(
      'DUPLICATE_LEG_ID',
    );
    expect(codeOf(() => checkEntry(args({ risk: { limits: { maxLotsPerOrder: 1 } } }), market, 0))).toBe('MAX_LOTS_PER_ORDER');
    expect(codeOf(() => checkEntry(args({ risk: { limits: { maxOpenLots: 5 } } }), market, 3))).toBe('MAX_OPEN_LOTS');
    expect(codeOf(() => checkEntry(args({ risk: { squareOffAt: '3:15pm' } }), market, 0))).toBe('INVALID_RISK');
    expect(codeOf(() => checkEntry(args({ legs: [leg({ id: 'x', symbol: 'NOPE', side: 'BUY' })] }), market, 0))).toBe('NO_QUOTE');
  });
});

describe('entryOpensAt', () => {
  const hours = ExchangeHours.default();
  const refusal = (fn: () => unknown): [string, string] | undefined => {
    try {
      fn();
      return undefined;
    } catch (err) {
      if (err instanceof EntryRejectedError) return [err.code, err.message];
      throw err;
    }
  };

  it('is now while the legs’ exchange is open, before the square-off time', () => {
    const now = istToMs('2026-11-25', '15:14');
    expect(entryOpensAt(args({ risk: { squareOffAt: '15:15' } }), hours, now)).toBe(now);
  });

  it('refuses an entry while NSE is closed, unless it queues for the open', () => {
    const saturday = istToMs('2026-12-05', '23:30');
    expect(refusal(() => entryOpensAt(args(), hours, saturday))).toEqual([
      'MARKET_CLOSED',
      'NSE is closed (Saturday 5 Dec 2026 23:30 IST); it opens Mon 7 Dec 09:15. Nothing was placed: send the signal again once it is open, or set the Enter legs node to queue orders for the open (whenClosed "queue").',
    ]);
    expect(entryOpensAt(args({ whenClosed: 'queue', risk: { squareOffAt: '15:15' } }), hours, saturday)).toBe(istToMs('2026-12-07', '09:15'));
  });

  it('refuses an entry at or after the square-off time: it would be squared off as soon as it filled', () => {
    expect(refusal(() => entryOpensAt(args({ risk: { squareOffAt: '15:15' } }), hours, istToMs('2026-11-25', '15:20')))).toEqual([
      'PAST_SQUARE_OFF',
      "It is 15:20 IST, at or past the deployment's square-off time 15:15: the position would be squared off as soon as it filled. Nothing was placed.",
    ]);
    expect(refusal(() => entryOpensAt(args({ risk: { squareOffAt: '15:15' } }), hours, istToMs('2026-11-25', '15:15')))?.[0]).toBe('PAST_SQUARE_OFF');
    // Queued before a 09:10 square-off (a mistake in the graph): the open at 09:15 is past it.
    expect(refusal(() => entryOpensAt(args({ whenClosed: 'queue', risk: { squareOffAt: '09:10' } }), hours, istToMs('2026-12-05', '23:30')))).toEqual([
      'PAST_SQUARE_OFF',
      "The entry would trade from 09:15 IST on 2026-12-07, at or past the deployment's square-off time 09:10: the position would be squared off as soon as it filled. Nothing was placed.",
    ]);
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
