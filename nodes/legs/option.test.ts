import { describe, expect, it } from 'vitest';
import { bsValuation, impliedVolatility } from '../../runtime/market/black-scholes.ts';
import { TradingCalendar } from '../../runtime/market/calendar.ts';
import { Instruments } from '../../runtime/market/instruments.ts';
import { SyntheticMarket } from '../../runtime/market/synthetic-market.ts';
import { istToMs } from '../../runtime/time.ts';
import { sent, TEST_NOW, testContext, testLeg, testMessage } from '../testing/context.ts';
import { optionLeg as node } from './option.ts';

// Test market: Mon 5 Jan 2026 10:00 IST, NIFTY spot 26012.4 → ATM 26000 (step 50), lot 65, weekly expiry Tue 6 Jan.
describe('legs.option', () => {
  it('resolves the default SELL ATM CE to a tradable contract', async () => {
    const { ctx } = testContext({ nodeId: 'leg' });
    const p = node.params.parse({});
    const out = await node.run(ctx, testMessage(), p);
    expect(sent(out, 'legs')).toMatchObject({
      legs: [
        {
          id: 'leg.1',
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
        },
      ],
    });
    expect(node.summary(p)).toBe('SELL ATM CE · 1 lot · NIFTY');
  });

  it('moves OTM by steps: up for calls, down for puts; negative offsets go ITM', async () => {
    const { ctx } = testContext();
    const strikeOf = async (optionType: 'CE' | 'PE', offset: number) => {
      const out = await node.run(ctx, testMessage(), node.params.parse({ optionType, strike: { offset } }));
      return sent(out, 'legs').legs[0]?.strike;
    };
    expect(await strikeOf('CE', 2)).toBe(26100);
    expect(await strikeOf('PE', 2)).toBe(25900);
    expect(await strikeOf('CE', -1)).toBe(25950);
    expect(await strikeOf('PE', -1)).toBe(26050);
  });

  it('uses lots, name, expiry rule and BANKNIFTY specs', async () => {
    const { ctx } = testContext({ nodeId: 'hedge' });
    const p = node.params.parse({
      underlying: 'BANKNIFTY',
      optionType: 'PE',
      side: 'BUY',
      lots: 3,
      strike: { offset: 1 },
      expiry: { kind: 'next-month' },
      name: 'wing',
    });
    const out = await node.run(ctx, testMessage(), p);
    // BANKNIFTY spot 59940 → ATM 59900 (step 100); OTM1 put 59800; lot 30; monthly, last Tuesday of Feb 2026.
    expect(sent(out, 'legs')).toMatchObject({
      legs: [
        {
          ...{ id: 'hedge.wing', strike: 59800, qty: 90, lots: 3, side: 'BUY' },
          ...{ expiry: '2026-02-24', symbol: 'BANKNIFTY24FEB2659800PE' },
        },
      ],
    });
    expect(node.summary(p)).toBe('BUY OTM1 PE · 3 lots · BANKNIFTY · next month');
  });

  it('appends to legs already in the message, keeping the earlier ones', async () => {
    const { ctx } = testContext({ nodeId: 'second' });
    const first = testLeg();
    const out = await node.run(ctx, testMessage({ legs: [first] }), node.params.parse({ optionType: 'PE' }));
    const { legs } = sent(out, 'legs');
    expect(legs.map((l) => l.id)).toEqual(['legs1.1', 'second.1']);
    expect(legs[0]).toBe(first);
  });

  it('picks the strike whose premium is closest to a price', async () => {
    const { ctx, market } = testContext();
    market.setPrice('NIFTY06JAN2626100CE', 80).setPrice('NIFTY06JAN2626150CE', 52).setPrice('NIFTY06JAN2626200CE', 31);
    const p = node.params.parse({ strike: { mode: 'premium', premium: 50 } });
    const out = await node.run(ctx, testMessage(), p);
    expect(sent(out, 'legs').legs[0]?.symbol).toBe('NIFTY06JAN2626150CE');
    expect(node.summary(p)).toBe('SELL ₹50 premium CE · 1 lot · NIFTY');
    await expect(async () => node.run(testContext().ctx, testMessage(), p)).rejects.toThrow(
      'no NIFTY 2026-01-06 CE option with a premium near ₹50 within 40 strikes of ATM',
    );
  });

  it('picks the nearest premium at or above, or at or below, a price', async () => {
    const pick = async (mode: string, premium: number) => {
      const { ctx, market } = testContext();
      market.setPrice('NIFTY06JAN2626100CE', 80).setPrice('NIFTY06JAN2626150CE', 52).setPrice('NIFTY06JAN2626200CE', 31);
      const out = await node.run(ctx, testMessage(), node.params.parse({ strike: { mode, premium } }));
      return sent(out, 'legs').legs[0]?.strike;
    };
    expect(await pick('premium-above', 50)).toBe(26150);
    expect(await pick('premium-below', 50)).toBe(26200);
    expect(await pick('premium-above', 60)).toBe(26100);
    await expect(pick('premium-above', 90)).rejects.toThrow('no NIFTY 2026-01-06 CE option with a premium at or above ₹90');
    expect(node.summary(node.params.parse({ strike: { mode: 'premium-below', premium: 50 } }))).toBe('SELL premium ≤ ₹50 CE · 1 lot · NIFTY');
  });

  it('picks the strike whose delta is closest, from the quotes (volatility implied from each price)', async () => {
    // Prices of NIFTY 6 Jan options (15 % volatility at r = q = 0) with spot 26012.40 on 5 Jan 10:00. Valued
    // with the market settings' r 5.5 % and q 1.2 %, as the pick does, their deltas are: CE 26100 0.355,
    // 26150 0.276, 26200 0.208; PE 25850 −0.232, 25900 −0.305, 25950 −0.385.
    const { ctx, market } = testContext();
    market.setPrice('NIFTY06JAN2626100CE', 53.35).setPrice('NIFTY06JAN2626150CE', 37.9).setPrice('NIFTY06JAN2626200CE', 26.1);
    market.setPrice('NIFTY06JAN2625850PE', 31.2).setPrice('NIFTY06JAN2625900PE', 44.85).setPrice('NIFTY06JAN2625950PE', 62.45);
    const ce = await node.run(ctx, testMessage(), node.params.parse({ strike: { mode: 'delta', delta: 0.3 } }));
    const pe = await node.run(ctx, testMessage(), node.params.parse({ optionType: 'PE', strike: { mode: 'delta', delta: 0.3 } }));
    expect([sent(ce, 'legs').legs[0]?.strike, sent(pe, 'legs').legs[0]?.strike]).toEqual([26150, 25900]);
    expect(node.summary(node.params.parse({ strike: { mode: 'delta', delta: 0.3 } }))).toBe('SELL Δ 0.3 CE · 1 lot · NIFTY');
  });

  it('picks by delta with the rate and dividend yield of the chain, so it takes the strike the chain shows nearest', async () => {
    // NIFTY 26012.40 on Mon 5 Jan 2026 10:00; the next weekly expires Tue 13 Jan 15:30: T = 197.5 h / 8760 h =
    // 0.0225457, √T = 0.150152. r = 5.5 %, q = 1.2 % (market settings); forward F = 26012.40·e^(0.043·T) = 26037.63.
    // Chain IV from the smile (atmIv 0.12, skew −0.012, curvature 0.004), z = ln(K/F)/(0.12·√T):
    //   26300: z = 0.010026 / 0.018018 = 0.55644; σ = 0.12 − 0.012·0.55644 + 0.004·0.55644² = 0.114561.
    //   d1 = (ln(26012.4/26300) + (0.055 − 0.012 + σ²/2)·T) / (σ·√T) = (−0.0109956 + 0.0011174) / 0.0172016 = −0.57426;
    //   N(d1) = 0.28290; Δ = e^(−qT)·N(d1) = 0.999729 × 0.28290 = 0.28282: 0.0172 from 0.3.
    //   26250: z = 0.45083, σ = 0.115403, d1 = (−0.0090926 + 0.0011196) / 0.0173280 = −0.46012, N(d1) = 0.32271,
    //   Δ = 0.32263: 0.0226 from 0.3. The chain's nearest to 0.3 is 26300.
    // Before, the pick valued the quotes (26250 at 93.95, 26300 at 77.95) with r = q = 0: implied σ 0.12108 and
    // 0.11983, Δ = N(d1) = N(−0.49103) = 0.31170 (0.0117 from 0.3) and N(−0.60213) = 0.27354, so it took 26250.
    const calendar = TradingCalendar.default();
    const market = new SyntheticMarket({ seed: 1, startMs: TEST_NOW, instruments: Instruments.default(calendar), calendar });
    market.setSpot('NIFTY', 26012.4);
    const { ctx } = testContext();
    const p = node.params.parse({ strike: { mode: 'delta', delta: 0.3 }, expiry: { kind: 'next-week' } });
    const leg = sent(await node.run({ ...ctx, market }, testMessage(), p), 'legs').legs[0];
    expect(leg?.symbol).toBe('NIFTY13JAN2626300CE');

    const rows = market.chain('NIFTY', '2026-01-13', 40).rows;
    const chainDelta = (strike: number) => rows.find((r) => r.strike === strike)?.ce.greeks.delta;
    expect(chainDelta(26300)).toBeCloseTo(0.28282, 5);
    expect(chainDelta(26250)).toBeCloseTo(0.32263, 5);
    const nearest = rows.reduce((a, b) => (Math.abs(b.ce.greeks.delta - 0.3) < Math.abs(a.ce.greeks.delta - 0.3) ? b : a));
    expect(nearest.strike).toBe(leg?.strike);

    // The case is one where r = q = 0 picked otherwise: the quotes the figures above were read from.
    const years = 197.5 / 8760;
    const zeroRateDelta = (strike: number, ltp: number) => {
      const input = { optionType: 'CE' as const, spot: 26012.4, strike, years };
      return bsValuation({ ...input, vol: impliedVolatility(ltp, input) }).delta;
    };
    expect([market.quote('NIFTY13JAN2626250CE')?.ltp, market.quote('NIFTY13JAN2626300CE')?.ltp]).toEqual([93.95, 77.95]);
    expect(zeroRateDelta(26250, 93.95)).toBeCloseTo(0.3117, 4);
    expect(zeroRateDelta(26300, 77.95)).toBeCloseTo(0.27354, 5);
  });

  it('takes an absolute strike only when it is on the strike grid', async () => {
    const at = node.params.parse({ strike: { mode: 'absolute', strike: 26050 } });
    expect(sent(await node.run(testContext().ctx, testMessage(), at), 'legs').legs[0]?.symbol).toBe('NIFTY06JAN2626050CE');
    const off = node.params.parse({ strike: { mode: 'absolute', strike: 26060 } });
    await expect(async () => node.run(testContext().ctx, testMessage(), off)).rejects.toThrow('NIFTY strikes are multiples of 50: 26060 is not listed');
    expect(node.params.safeParse({ strike: { mode: 'absolute' } }).success).toBe(false);
  });

  it('trades the n-th weekly, and rolls past a contract expiring today when asked', async () => {
    const nth = node.params.parse({ expiry: { kind: 'nth-week', n: 2 } });
    expect(sent(await node.run(testContext().ctx, testMessage(), nth), 'legs').legs[0]?.expiry).toBe('2026-01-13');
    const expiryDay = istToMs('2026-01-06', '10:00');
    const roll = node.params.parse({ expiry: { kind: 'current-week', onExpiryDay: 'roll' } });
    const zeroDte = node.params.parse({ expiry: { kind: 'current-week' } });
    expect(sent(await node.run(testContext({ now: expiryDay }).ctx, testMessage(), roll), 'legs').legs[0]?.expiry).toBe('2026-01-13');
    expect(sent(await node.run(testContext({ now: expiryDay }).ctx, testMessage(), zeroDte), 'legs').legs[0]?.expiry).toBe('2026-01-06');
    expect(node.summary(roll)).toBe('SELL ATM CE · 1 lot · NIFTY · current week (roll on expiry day)');
    expect(node.summary(nth)).toBe('SELL ATM CE · 1 lot · NIFTY · 2nd weekly');
  });

  it('marks the leg to wait for its premium to move before it is placed', async () => {
    const p = node.params.parse({ waitMovePct: 10 });
    const [leg] = sent(await node.run(testContext().ctx, testMessage(), p), 'legs').legs;
    expect(leg).toMatchObject({ side: 'SELL', optionType: 'CE', waitMovePct: 10 });
    expect(node.summary(p)).toBe('SELL ATM CE · 1 lot · NIFTY · wait +10%');
    expect(node.params.safeParse({ waitMovePct: 0 }).success).toBe(false);
  });

  it('fails clearly for an underlying that is not in the instrument file', async () => {
    const p = node.params.parse({ underlying: 'NOPE' });
    await expect(async () => node.run(testContext().ctx, testMessage(), p)).rejects.toThrow(/NOPE/);
  });
});

describe('legs.option: futures-based ATM', () => {
  // Spot 26012.4 → spot ATM 26000; the January future at 26040 → futures ATM 26050.
  it('measures ATM from the near-month future when asked', async () => {
    const { ctx, market } = testContext();
    market.setPrice('NIFTY27JAN26FUT', 26040);
    const strikeOf = async (optionType: 'CE' | 'PE', offset: number, atmBasis: 'spot' | 'futures') =>
      sent(await node.run(ctx, testMessage(), node.params.parse({ optionType, strike: { offset }, atmBasis })), 'legs').legs[0]?.strike;
    expect(await strikeOf('CE', 0, 'spot')).toBe(26000);
    expect(await strikeOf('CE', 0, 'futures')).toBe(26050);
    expect(await strikeOf('PE', 1, 'futures')).toBe(26000);
    expect(node.summary(node.params.parse({ atmBasis: 'futures' }))).toBe('SELL ATM CE · 1 lot · NIFTY · futures ATM');
  });

  it('says which future it needs when the market has no price for it', async () => {
    const { ctx } = testContext();
    await expect(async () => node.run(ctx, testMessage(), node.params.parse({ atmBasis: 'futures' }))).rejects.toThrow(
      /futures-based ATM needs the price of NIFTY27JAN26FUT \(the near-month future\)/,
    );
  });
});

describe('legs.option on a past date', () => {
  it('2 Jan 2019: NIFTY had monthly expiries only and a lot of 75, so the current week is the 31 Jan monthly', async () => {
    const { ctx } = testContext({ now: istToMs('2019-01-02', '10:00'), spots: { NIFTY: 10_792.5 } });
    const legs = sent(await node.run(ctx, testMessage(), node.params.parse({ lots: 2 })), 'legs').legs;
    // Spot 10,792.5: the nearest 50-point strike is 10,800 (7.5 away; 10,750 is 42.5 away). 2 lots × 75 = 150.
    expect(legs).toMatchObject([{ lots: 2, lotSize: 75, qty: 150, strike: 10_800, expiry: '2019-01-31', symbol: 'NIFTY31JAN1910800CE' }]);
  });
});
