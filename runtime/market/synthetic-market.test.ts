import { describe, it, expect } from 'vitest';
import { istToMs } from '../time.ts';
import { TradingCalendar } from './calendar.ts';
import { Instruments } from './instruments.ts';
import { defaultMarketSettings } from './market-settings.ts';
import { SyntheticMarket } from './synthetic-market.ts';
import type { SyntheticMarketOptions } from './synthetic-market.ts';

const calendar = TradingCalendar.default();
const instruments = Instruments.default(calendar);
const start = istToMs('2026-03-04', '09:15'); // Wednesday; NIFTY's next expiry is Tuesday 2026-03-10
const make = (o: Partial<SyntheticMarketOptions> = {}) => new SyntheticMarket({ seed: 7, startMs: start, instruments, calendar, ...o });
const onTick = (x: number) => Math.abs(x * 20 - Math.round(x * 20)) < 1e-9;

describe('SyntheticMarket underlyings', () => {
  it('starts each index within 1 % of its reference level, on a 0.05 tick', () => {
    const m = make();
    const refs = { NIFTY: 26000, BANKNIFTY: 59000, FINNIFTY: 27500, MIDCPNIFTY: 13500, SENSEX: 85000 };
    for (const [u, ref] of Object.entries(refs)) {
      expect(Math.abs(m.spot(u) / ref - 1)).toBeLessThanOrEqual(0.01);
      expect(onTick(m.spot(u))).toBe(true);
    }
    const level = m.spot('NIFTY');
    expect(m.quote('NIFTY')).toEqual({ symbol: 'NIFTY', ltp: level, bid: level, ask: level, time: start });
  });

  it('replays identical prices for the same seed and times, and different ones for another seed', () => {
    const times = [start + 60_000, start + 5 * 60_000, istToMs('2026-03-05', '11:00'), istToMs('2026-03-09', '15:00')];
    const run = (seed: number) => {
      const m = make({ seed });
      return times.map((t) => {
        m.advanceTo(t);
        return [m.spot('NIFTY'), m.spot('SENSEX'), m.quote('NIFTY10MAR2626000CE')?.ltp];
      });
    };
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
  });

  it('moves only while the exchange is open, unless told to walk always', () => {
    const friday = istToMs('2026-03-06', '15:30');
    const monday = istToMs('2026-03-09', '09:15');
    const m = make({ startMs: friday });
    const before = m.spot('NIFTY');
    m.advanceTo(monday);
    expect(m.spot('NIFTY')).toBe(before);
    m.advanceTo(monday + 60_000);
    expect(m.spot('NIFTY')).not.toBe(before);
    const always = make({ startMs: friday, walk: 'always' });
    const level = always.spot('NIFTY');
    always.advanceTo(monday);
    expect(always.spot('NIFTY')).not.toBe(level);
  });

  it('has one-minute log returns with the configured volatility per trading year', () => {
    const m = make({ seed: 11 });
    const returns: number[] = [];
    let t = start;
    let prev = m.spot('NIFTY');
    for (let i = 0; i < 20_000; i++) {
      t = calendar.nextOpenMs(t + 60_000);
      m.advanceTo(t);
      const s = m.spot('NIFTY');
      returns.push(Math.log(s / prev));
      prev = s;
    }
    const sd = Math.sqrt(returns.reduce((a, r) => a + r * r, 0) / returns.length);
    // σ·√(1 minute / (252 sessions × 375 minutes)) = 0.13 / √94,500 ≈ 0.000423; the session's first minute
    // comes from the previous close, so a few returns span less: allow 5 %.
    expect(sd / (0.13 / Math.sqrt(94_500))).toBeGreaterThan(0.95);
    expect(sd / (0.13 / Math.sqrt(94_500))).toBeLessThan(1.05);
  });

  it('refuses to go back in time and names unknown underlyings', () => {
    const m = make();
    m.advanceTo(start + 1000);
    expect(() => m.advanceTo(start)).toThrow(/cannot go back/);
    expect(() => m.spot('NIFTYIT')).toThrow('Underlying "NIFTYIT" is not in the synthetic market. Known: BANKNIFTY, FINNIFTY, MIDCPNIFTY, NIFTY, SENSEX.');
  });
});

describe('SyntheticMarket option quotes', () => {
  const atSpot = (level: number, o: Partial<SyntheticMarketOptions> = {}) => {
    const m = make(o);
    m.setSpot('NIFTY', level);
    return m;
  };

  it('prices a 6-day ATM NIFTY straddle near 0.8·S·σ·√T', () => {
    const m = atSpot(26000);
    const ce = m.quote('NIFTY10MAR2626000CE');
    const pe = m.quote('NIFTY10MAR2626000PE');
    // T = 6 days 6h15m to 15:30 on 10 Mar; 0.8 × 26000 × 0.12 × √(6.26/365) ≈ 327.
    expect(ce!.ltp + pe!.ltp).toBeGreaterThan(310);
    expect(ce!.ltp + pe!.ltp).toBeLessThan(345);
    expect(m.greeks('NIFTY10MAR2626000CE')!.years).toBeCloseTo((6 * 24 + 6.25) / (365 * 24), 10);
  });

  it('keeps put-call parity with the forward', () => {
    const m = atSpot(26010);
    const { years } = m.greeks('NIFTY10MAR2626000CE')!;
    const parity = 26010 * Math.exp(-0.012 * years) - 26000 * Math.exp(-0.055 * years);
    const diff = m.quote('NIFTY10MAR2626000CE')!.ltp - m.quote('NIFTY10MAR2626000PE')!.ltp;
    expect(Math.abs(diff - parity)).toBeLessThanOrEqual(0.05);
  });

  it('quotes on the tick with a spread around LTP, and 0.05 for worthless far strikes', () => {
    const m = atSpot(26000);
    for (const strike of [24000, 25500, 26000, 26500, 28000]) {
      for (const t of ['CE', 'PE']) {
        const q = m.quote(`NIFTY10MAR26${strike}${t}`)!;
        expect([q.ltp, q.bid, q.ask].every(onTick)).toBe(true);
        expect(q.bid).toBeLessThanOrEqual(q.ltp);
        expect(q.ask).toBeGreaterThan(q.ltp);
        expect(q.bid).toBeGreaterThanOrEqual(0.05);
      }
    }
    expect(m.quote('NIFTY10MAR2630000CE')).toMatchObject({ ltp: 0.05, bid: 0.05, ask: 0.1 });
    const atm = m.quote('NIFTY10MAR2626000CE')!;
    expect(atm.ask - atm.ltp).toBeCloseTo(Math.max(0.05, Math.round(atm.ltp * 0.002 * 20) / 20), 9);
  });

  it('prices puts below the forward at a higher IV than calls above it (negative skew)', () => {
    const m = atSpot(26000);
    expect(m.greeks('NIFTY10MAR2625500PE')!.iv).toBeGreaterThan(m.greeks('NIFTY10MAR2626500CE')!.iv);
    const ce = m.greeks('NIFTY10MAR2626000CE')!;
    const pe = m.greeks('NIFTY10MAR2626000PE')!;
    expect(ce.delta).toBeGreaterThan(0.45);
    expect(ce.delta).toBeLessThan(0.6);
    expect(pe.delta).toBeLessThan(-0.4);
    expect(ce.theta).toBeLessThan(0);
    expect(m.greeks('NIFTY')).toBeUndefined();
  });

  it('keeps 0-DTE prices finite until 15:30 on expiry day, then stops quoting', () => {
    const m = atSpot(26000, { startMs: istToMs('2026-03-10', '15:29:59') });
    const q = m.quote('NIFTY10MAR2626000CE')!;
    expect(q.ltp).toBeGreaterThan(0.05);
    expect(q.ltp).toBeLessThan(30); // 5-minute floor: 0.4 × 26000 × 0.12 × √(5 min / year) ≈ 4
    m.advanceTo(istToMs('2026-03-10', '15:30'));
    expect(m.quote('NIFTY10MAR2626000CE')).toBeUndefined();
    expect(m.quote('NIFTY17MAR2626000CE')).toBeDefined();
  });

  it('quotes only listed contracts', () => {
    const m = make();
    expect(m.quote('NIFTY02MAR2626000CE')).toBeUndefined(); // expired on Monday (Holi expiry)
    expect(m.quote('NIFTY03MAR2626000CE')).toBeUndefined(); // Holi: never an expiry
    expect(m.quote('NIFTY11MAR2626000CE')).toBeUndefined(); // a Wednesday
    expect(m.quote('NIFTY10MAR2626010CE')).toBeUndefined(); // not a strike
    expect(m.quote('NIFTY10MAR26026000CE')).toBeUndefined(); // not the canonical spelling
    expect(m.quote('BANKNIFTY10MAR2659000CE')).toBeUndefined(); // BANKNIFTY is monthly only
    expect(m.quote('BANKNIFTY30MAR2659000CE')).toBeDefined();
    expect(m.quote('SENSEX05MAR2685000PE')).toBeDefined();
    expect(m.quote('RELIANCE')).toBeUndefined();
  });

  it('serves repeated lookups from a cache that a price move clears', () => {
    const m = make();
    const symbols = Array.from({ length: 100 }, (_, i) => `NIFTY10MAR26${25000 + 50 * (i % 50)}${i < 50 ? 'CE' : 'PE'}`);
    const first = m.quote(symbols[0]!);
    for (let i = 0; i < 10_000; i++) m.quote(symbols[i % 100]!);
    // The same quote object, not a new pricing: served from the cache (how fast is the engine bench's to say).
    expect(m.quote(symbols[0]!)).toBe(first);
    const v = m.version;
    m.advanceTo(start + 60_000);
    expect(m.version).toBe(v + 1);
    expect(m.quote(symbols[0]!)).not.toBe(first);
    expect(m.quote(symbols[0]!)!.time).toBe(start + 60_000);
  });
});

describe('SyntheticMarket chain', () => {
  it('lists strikes around ATM with both sides, calls cheaper and puts dearer as strikes rise', () => {
    const m = make();
    m.setSpot('NIFTY', 26020);
    const c = m.chain('NIFTY', '2026-03-10', 3);
    expect(c.atm).toBe(26000);
    expect(c.rows.map((r) => r.strike)).toEqual([25850, 25900, 25950, 26000, 26050, 26100, 26150]);
    expect(c.rows[3]!.ce.symbol).toBe('NIFTY10MAR2626000CE');
    const ce = c.rows.map((r) => r.ce.quote.ltp);
    const pe = c.rows.map((r) => r.pe.quote.ltp);
    expect([...ce].sort((a, b) => b - a)).toEqual(ce);
    expect([...pe].sort((a, b) => a - b)).toEqual(pe);
  });

  it('explains an expiry that is not listed', () => {
    expect(() => make().chain('NIFTY', '2026-03-11')).toThrow(
      'NIFTY has no listed expiry on 2026-03-11 at this time. Listed: 2026-03-10, 2026-03-17, 2026-03-24, 2026-03-30.',
    );
  });
});

describe('SyntheticMarket index futures', () => {
  it('quotes each listed future at spot × e^((r − q)·t) on the tick, one tick either side', () => {
    const m = make();
    m.setSpot('NIFTY', 26000);
    // Near month: 26 d 6 h 15 min to 30 Mar 15:30 (31 Mar is a holiday) = 0.0719463 years; r − q = 0.055 − 0.012.
    // 26,000 × e^(0.043 × 0.0719463) = 26,000 × 1.0030985 = 26,080.56 → 26,080.55 on the 0.05 tick.
    expect(m.quote('NIFTY30MAR26FUT')).toEqual({ symbol: 'NIFTY30MAR26FUT', ltp: 26080.55, bid: 26080.5, ask: 26080.6, time: start });
    // Next month, 55 d 6 h 15 min out: 26,000 × e^(0.043 × 55.2604 / 365) = 26,169.82 → 26,169.80.
    expect(m.quote('NIFTY28APR26FUT')?.ltp).toBe(26169.8);
    expect(m.quote('NIFTY26MAY26FUT')).toBeDefined();
    m.setSpot('NIFTY', 26100); // 26,100 × 1.0030985 = 26,180.87 → 26,180.85
    expect(m.quote('NIFTY30MAR26FUT')?.ltp).toBe(26180.85);
  });

  it('lists only the three nearest monthly futures, on their real expiry dates', () => {
    const m = make();
    for (const s of ['NIFTY30JUN26FUT', 'NIFTY31MAR26FUT', 'NIFTY10MAR26FUT', 'NIFTY30MAR26', 'NIFTY030MAR26FUT']) {
      expect(m.quote(s), s).toBeUndefined();
    }
  });

  it('converges to spot at expiry and stops quoting at 15:30', () => {
    const m = make();
    m.advanceTo(istToMs('2026-03-30', '15:00'));
    m.setSpot('NIFTY', 26000);
    expect(m.quote('NIFTY30MAR26FUT')?.ltp).toBe(26000.05); // half an hour of carry: 26,000.064
    m.advanceTo(istToMs('2026-03-30', '15:30'));
    expect(m.quote('NIFTY30MAR26FUT')).toBeUndefined();
    expect(m.quote('NIFTY30JUN26FUT')).toBeDefined(); // June is listed once March has expired
  });

  it('gives a future delta e^((r − q)·t), no gamma or vega, and the carry it loses per day as theta', () => {
    const m = make();
    m.setSpot('NIFTY', 26000);
    const g = m.greeks('NIFTY30MAR26FUT')!;
    expect(g.delta).toBeCloseTo(1.0030985, 7);
    expect([g.gamma, g.vega, g.iv]).toEqual([0, 0, 0]);
    expect(g.theta).toBeCloseTo((-0.043 * 26080.5606) / 365, 4); // −₹3.07 a day
  });
});

describe('SyntheticMarket: the indices move together', () => {
  const NAMES = ['NIFTY', 'SENSEX', 'BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY'] as const;

  /** One-minute log returns of every index over `minutes` trading minutes (about 53 sessions for 20,000). */
  function returns(m: SyntheticMarket, minutes: number): Record<string, number[]> {
    const out: Record<string, number[]> = Object.fromEntries(NAMES.map((n) => [n, []]));
    let prev = NAMES.map((n) => m.spot(n));
    let t = start;
    for (let i = 0; i < minutes; i++) {
      t = calendar.nextOpenMs(t + 60_000);
      m.advanceTo(t);
      const now = NAMES.map((n) => m.spot(n));
      NAMES.forEach((n, k) => out[n]!.push(Math.log(now[k]! / prev[k]!)));
      prev = now;
    }
    return out;
  }

  function correlation(a: number[], b: number[]): number {
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const [ma, mb] = [mean(a), mean(b)];
    let [sab, saa, sbb] = [0, 0, 0];
    a.forEach((x, i) => {
      const [da, db] = [x - ma, b[i]! - mb];
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    });
    return sab / Math.sqrt(saa * sbb);
  }

  it('has one-minute returns correlated as the settings say, each index at its own volatility', () => {
    const r = returns(make({ seed: 11 }), 20_000);
    const { indices, matrix } = defaultMarketSettings().correlation!;
    // Over n = 20,000 returns a sample correlation ρ̂ has a standard error of about (1 − ρ²)/√n: 0.0032 for
    // ρ = 0.6, 0.0003 for 0.98. ±0.02 is over six of them; the seed makes the run exact-repeatable.
    for (let i = 0; i < indices.length; i++) {
      for (let j = 0; j < i; j++) {
        const [a, b] = [indices[i]!, indices[j]!];
        expect(Math.abs(correlation(r[a]!, r[b]!) - matrix[i]![j]!), `${a}–${b}`).toBeLessThan(0.02);
      }
    }
    // Each row of the factor has unit length, so mixing keeps every index's volatility: σ / √94,500 a minute.
    for (const name of NAMES) {
      const sd = Math.sqrt(r[name]!.reduce((s, x) => s + x * x, 0) / r[name]!.length);
      const expected = defaultMarketSettings().underlyings[name]!.annualVol / Math.sqrt(94_500);
      expect(sd / expected, name).toBeGreaterThan(0.95);
      expect(sd / expected, name).toBeLessThan(1.05);
    }
  });

  it('replays the same paths for the same seed; NIFTY, first in the matrix, moves on its own stream as before', () => {
    expect(returns(make({ seed: 5 }), 500)).toEqual(returns(make({ seed: 5 }), 500));
    const { correlation: _correlation, ...independent } = defaultMarketSettings();
    const correlated = returns(make({ seed: 5 }), 500);
    const alone = returns(make({ seed: 5, settings: independent }), 500);
    expect(correlated.NIFTY).toEqual(alone.NIFTY);
    expect(correlated.SENSEX).not.toEqual(alone.SENSEX);
  });
});

describe('SyntheticMarket spread', () => {
  it('quotes bid = ask = LTP when the settings ask for no spread', () => {
    const m = make({ settings: { ...defaultMarketSettings(), spreadPct: 0 } });
    m.setSpot('NIFTY', 26000);
    const q = m.quote('NIFTY10MAR2626000CE')!;
    expect([q.bid, q.ask]).toEqual([q.ltp, q.ltp]);
  });

  it('quotes spreadPct of the price around LTP, half each side on the tick', () => {
    const m = make();
    m.setSpot('NIFTY', 26000);
    const q = m.quote('NIFTY10MAR2626000CE')!;
    // Half-spread: LTP × 0.004 / 2 rounded to the 0.05 tick, at least one tick.
    const half = Math.max(0.05, Math.round((q.ltp * 0.002) / 0.05) * 0.05);
    expect(q.ask - q.ltp).toBeCloseTo(half, 9);
    expect(q.ltp - q.bid).toBeCloseTo(half, 9);
  });
});
