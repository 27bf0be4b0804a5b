import { describe, expect, it } from 'vitest';
import type { Leg } from '../../runtime/message.ts';
import { istToMs } from '../../runtime/time.ts';
import { sent, testContext, testMessage } from '../testing/context.ts';
import { strategyLegs as node } from './strategy.ts';

// Test market: NIFTY spot 26012.4 → ATM 26000, step 50, lot 65; current weekly expiry Tue 6 Jan 2026.
async function legsFor(params: unknown): Promise<Array<Pick<Leg, 'id' | 'side' | 'optionType' | 'strike' | 'qty'>>> {
  const out = await node.run(testContext({ nodeId: 's' }).ctx, testMessage(), node.params.parse(params));
  return sent(out, 'legs').legs.map(({ id, side, optionType, strike, qty }) => ({ id, side, optionType, strike, qty }));
}
const leg = (id: string, side: string, optionType: string, strike: number, qty = 65) => ({
  id,
  side,
  optionType,
  strike,
  qty,
});

describe('legs.strategy', () => {
  it('short straddle by default: SELL ATM CE + SELL ATM PE', async () => {
    expect(await legsFor({})).toEqual([leg('s.ce', 'SELL', 'CE', 26000), leg('s.pe', 'SELL', 'PE', 26000)]);
    expect(node.summary(node.params.parse({}))).toBe('SELL ATM straddle · 1 lot · NIFTY');
  });

  it('long straddle and short strangle', async () => {
    expect(await legsFor({ side: 'BUY', lots: 2 })).toEqual([leg('s.ce', 'BUY', 'CE', 26000, 130), leg('s.pe', 'BUY', 'PE', 26000, 130)]);
    expect(await legsFor({ preset: 'strangle', width: 2 })).toEqual([leg('s.ce', 'SELL', 'CE', 26100), leg('s.pe', 'SELL', 'PE', 25900)]);
  });

  it('short iron condor: sells OTM2, buys OTM4 wings on both sides', async () => {
    expect(await legsFor({ preset: 'iron-condor', shortOffset: 2, wingOffset: 4 })).toEqual([
      leg('s.pe', 'SELL', 'PE', 25900),
      leg('s.pe-wing', 'BUY', 'PE', 25800),
      leg('s.ce', 'SELL', 'CE', 26100),
      leg('s.ce-wing', 'BUY', 'CE', 26200),
    ]);
    expect(node.summary(node.params.parse({ preset: 'iron-condor' }))).toBe('SELL iron condor OTM2/OTM4 · 1 lot · NIFTY');
  });

  it('refuses an iron condor whose wings are not beyond its short strikes', async () => {
    const bad = node.params.parse({ preset: 'iron-condor', shortOffset: 3, wingOffset: 3 });
    expect(node.check?.(bad)).toEqual(['the wings (3 steps) must be further from ATM than the short strikes (3 steps)']);
    await expect(async () => node.run(testContext().ctx, testMessage(), bad)).rejects.toThrow(/wings/);
  });

  it('short iron butterfly: SELL ATM CE/PE + BUY OTM wings', async () => {
    expect(await legsFor({ preset: 'iron-butterfly', wingOffset: 4 })).toEqual([
      leg('s.ce', 'SELL', 'CE', 26000),
      leg('s.pe', 'SELL', 'PE', 26000),
      leg('s.ce-wing', 'BUY', 'CE', 26200),
      leg('s.pe-wing', 'BUY', 'PE', 25800),
    ]);
  });

  it('spreads keep their direction whatever the side', async () => {
    expect(await legsFor({ preset: 'bull-call-spread', width: 2, side: 'BUY' })).toEqual([
      leg('s.long-ce', 'BUY', 'CE', 26000),
      leg('s.short-ce', 'SELL', 'CE', 26100),
    ]);
    expect(await legsFor({ preset: 'bear-put-spread', width: 2 })).toEqual([leg('s.long-pe', 'BUY', 'PE', 26000), leg('s.short-pe', 'SELL', 'PE', 25900)]);
    expect(await legsFor({ preset: 'bear-call-spread', width: 3 })).toEqual([leg('s.short-ce', 'SELL', 'CE', 26000), leg('s.long-ce', 'BUY', 'CE', 26150)]);
    expect(await legsFor({ preset: 'bull-put-spread', width: 1 })).toEqual([leg('s.short-pe', 'SELL', 'PE', 26000), leg('s.long-pe', 'BUY', 'PE', 25950)]);
    expect(node.summary(node.params.parse({ preset: 'bull-call-spread' }))).toBe('Bull call spread ATM/OTM2 · 1 lot · NIFTY');
  });

  it('custom legs: ratios, names or positions as ids, and a per-leg expiry (calendar spread)', async () => {
    const p = node.params.parse({
      preset: 'custom',
      lots: 2,
      legs: [
        { name: 'near', side: 'SELL', optionType: 'CE' },
        { side: 'BUY', optionType: 'CE', ratio: 2, strike: { offset: 1 }, expiry: { kind: 'next-week' } },
      ],
    });
    const out = await node.run(testContext({ nodeId: 'cal' }).ctx, testMessage(), p);
    expect(sent(out, 'legs').legs.map((l) => [l.id, l.side, l.strike, l.lots, l.qty, l.expiry])).toEqual([
      ['cal.near', 'SELL', 26000, 2, 130, '2026-01-06'],
      ['cal.2', 'BUY', 26050, 4, 260, '2026-01-13'],
    ]);
    expect(node.summary(p)).toBe('Custom 2 legs · 2 lots · NIFTY');
  });

  it('refuses an empty custom list and duplicate leg names', () => {
    expect(node.check?.(node.params.parse({ preset: 'custom' }))).toEqual(['add at least one leg to the custom strategy']);
    const twice = node.params.parse({ preset: 'custom', legs: [{ name: 'a' }, { name: 'a' }] });
    expect(node.check?.(twice)).toEqual(['two legs are named "a"; leg names must be different']);
    expect(node.check?.(node.params.parse({}))).toEqual([]);
  });
});

describe('legs.strategy: futures-based ATM', () => {
  it('centres a straddle on the near-month future’s ATM (future 26040 → 26050; spot ATM is 26000)', async () => {
    const { ctx, market } = testContext({ nodeId: 'straddle' });
    market.setPrice('NIFTY27JAN26FUT', 26040);
    const p = node.params.parse({ atmBasis: 'futures' });
    const legs = sent(await node.run(ctx, testMessage(), p), 'legs').legs;
    expect(legs.map((l) => l.symbol)).toEqual(['NIFTY06JAN2626050CE', 'NIFTY06JAN2626050PE']);
    expect(node.summary(p)).toMatch(/· futures ATM$/);
  });
});

describe('legs.strategy: January 2027', () => {
  it('sells the January 2027 monthly straddle on Monday the 25th (Republic Day is the last Tuesday)', async () => {
    const { ctx } = testContext({ nodeId: 's', now: istToMs('2026-12-04', '10:00') });
    const legs = sent(await node.run(ctx, testMessage(), node.params.parse({ expiry: { kind: 'next-month' } })), 'legs').legs;
    expect(legs.map((l) => l.symbol)).toEqual(['NIFTY25JAN2726000CE', 'NIFTY25JAN2726000PE']);
  });
});
