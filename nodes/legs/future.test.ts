import { describe, expect, it } from 'vitest';
import { istToMs } from '../../runtime/time.ts';
import { sent, testContext, testLeg, testMessage } from '../testing/context.ts';
import { futureLeg as node } from './future.ts';

// Test market: Mon 5 Jan 2026 10:00 IST. January's monthly expiry is Tuesday the 27th, February's the 24th
// (the 28th is a Saturday).
describe('legs.future', () => {
  it('resolves the default BUY 1 lot to this month’s NIFTY future', async () => {
    const { ctx } = testContext({ nodeId: 'fut' });
    const p = node.params.parse({});
    expect(sent(await node.run(ctx, testMessage(), p), 'legs').legs).toEqual([
      {
        id: 'fut.1',
        underlying: 'NIFTY',
        exchange: 'NSE',
        optionType: 'FUT',
        side: 'BUY',
        lots: 1,
        lotSize: 65,
        qty: 65,
        strike: 0,
        expiry: '2026-01-27',
        symbol: 'NIFTY27JAN26FUT',
      },
    ]);
    expect(node.summary(p)).toBe('BUY FUT · 1 lot · NIFTY');
  });

  it('sells next month’s BANKNIFTY future by lots of 30, with its own name', async () => {
    const { ctx } = testContext({ nodeId: 'hedge' });
    const p = node.params.parse({ underlying: 'BANKNIFTY', side: 'SELL', lots: 2, expiry: 'next-month', name: 'short' });
    expect(sent(await node.run(ctx, testMessage(), p), 'legs').legs[0]).toMatchObject({
      id: 'hedge.short',
      side: 'SELL',
      lots: 2,
      lotSize: 30,
      qty: 60,
      expiry: '2026-02-24',
      symbol: 'BANKNIFTY24FEB26FUT',
    });
    expect(node.summary(p)).toBe('SELL FUT · 2 lots · BANKNIFTY · next month');
  });

  it('resolves January 2027 to Monday the 25th: Republic Day is the last Tuesday', async () => {
    const { ctx } = testContext({ now: istToMs('2026-12-04', '10:00') });
    const p = node.params.parse({ underlying: 'FINNIFTY', expiry: 'next-month' });
    expect(sent(await node.run(ctx, testMessage(), p), 'legs').legs[0]).toMatchObject({ expiry: '2027-01-25', symbol: 'FINNIFTY25JAN27FUT' });
  });

  it('refuses a future expiring past the holiday calendar, saying what to load', async () => {
    const { ctx } = testContext({ now: istToMs('2027-12-10', '10:00') });
    const p = node.params.parse({ expiry: 'next-month' });
    await expect(async () => node.run(ctx, testMessage(), p)).rejects.toThrow(
      /Cannot place the NIFTY expiry due on 2028-01-25: .*legflow calendar load <file> --exchange NSE --year 2028/,
    );
  });

  it('on the near month’s expiry day trades it, or rolls to the next month', async () => {
    const { ctx } = testContext({ now: istToMs('2026-01-27', '10:00') });
    const expiry = async (onExpiryDay: 'trade' | 'roll') =>
      sent(await node.run(ctx, testMessage(), node.params.parse({ onExpiryDay })), 'legs').legs[0]?.symbol;
    expect(await expiry('trade')).toBe('NIFTY27JAN26FUT');
    expect(await expiry('roll')).toBe('NIFTY24FEB26FUT');
  });

  it('appends to the option legs before it, so one entry places both', async () => {
    const { ctx } = testContext({ nodeId: 'fut' });
    const out = await node.run(ctx, testMessage({ legs: [testLeg()] }), node.params.parse({ side: 'SELL' }));
    expect(sent(out, 'legs').legs.map((l) => `${l.side} ${l.symbol}`)).toEqual(['SELL NIFTY06JAN2626000CE', 'SELL NIFTY27JAN26FUT']);
  });

  it('refuses an underlying that is not in the instrument file', () => {
    const { ctx } = testContext();
    expect(() => node.run(ctx, testMessage(), node.params.parse({ underlying: 'NIFTYIT' }))).toThrow(/NIFTYIT" is not in the instrument file/);
  });
});

describe('legs.future on a past date', () => {
  it('takes the lot of its own expiry: in January 2025 the January future kept 25, the February one had 75 (NSE/FAOP/64625)', async () => {
    const { ctx } = testContext({ now: istToMs('2025-01-06', '10:00') });
    const run = async (expiry: 'current-month' | 'next-month') =>
      sent(await node.run(ctx, testMessage(), node.params.parse({ expiry, lots: 2 })), 'legs').legs[0];
    expect(await run('current-month')).toMatchObject({ expiry: '2025-01-30', lotSize: 25, qty: 50, symbol: 'NIFTY30JAN25FUT' });
    expect(await run('next-month')).toMatchObject({ expiry: '2025-02-27', lotSize: 75, qty: 150, symbol: 'NIFTY27FEB25FUT' });
  });
});
