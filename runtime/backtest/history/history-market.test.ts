import { describe, expect, it } from 'vitest';
import { TradingCalendar } from '../../market/calendar.ts';
import { Instruments } from '../../market/instruments.ts';
import { MarketError } from '../../market/market-error.ts';
import { istToMs } from '../../time.ts';
import type { Bar } from './bars.ts';
import { HistoryMarket, type HistoryMarketOptions } from './history-market.ts';
import { handQuote } from './testing/hand-quote.ts';
import { minuteBars } from './testing/minute-bars.ts';
import type { VolatilityModel } from './volatility.ts';

const instruments = Instruments.default(TradingCalendar.default());
const DATE = '2026-11-25';
/** The current NIFTY weekly on Wed 25 Nov 2026: Tue 1 Dec, 15:30 IST. */
const CE = 'NIFTY01DEC2626000CE';
const PE = 'NIFTY01DEC2626000PE';
const EXPIRY = istToMs('2026-12-01', '15:30');
const at = (hhmm: string) => istToMs(DATE, hhmm);

function market(bars: Bar[], volatility: VolatilityModel = { kind: 'constant', vol: 0.12 }, extra: Partial<HistoryMarketOptions> = {}): HistoryMarket {
  return new HistoryMarket({ underlyings: { NIFTY: { bars, volatility } }, startMs: bars[0]!.time, instruments, ...extra });
}

describe('HistoryMarket', () => {
  it('prices the underlying at the close of the last bar at or before the time, never a later one', () => {
    const m = market(minuteBars(DATE, '09:15', [26000, 26010, 26020]));
    expect(m.spot('NIFTY')).toBe(26000);
    m.advanceTo(at('09:16') - 1);
    expect(m.spot('NIFTY')).toBe(26000);
    m.advanceTo(at('09:16'));
    expect(m.spot('NIFTY')).toBe(26010);
    // After the last bar, the last close stands; the index quotes at it with no spread.
    m.advanceTo(at('11:00'));
    expect(m.quote('NIFTY')).toEqual({ symbol: 'NIFTY', ltp: 26020, bid: 26020, ask: 26020, time: at('11:00') });
    expect(() => m.advanceTo(at('10:00'))).toThrow(MarketError);
  });

  it('uses a bar stamped at its open only once its close is known', () => {
    const m = market(minuteBars(DATE, '09:15', [26000, 26010]), undefined, { startMs: at('09:15'), closeKnownAfterMs: 60_000 });
    expect(() => m.spot('NIFTY')).toThrow(/no bar known at 2026-11-25T03:45:00.000Z: its history starts at 2026-11-25T03:46:00.000Z/);
    expect(m.quote(CE)).toBeUndefined();
    m.advanceTo(at('09:16'));
    expect(m.spot('NIFTY')).toBe(26000);
    m.advanceTo(at('09:17'));
    expect(m.spot('NIFTY')).toBe(26010);
  });

  it('prices options by Black-Scholes from the bar close at a constant volatility, with the synthetic spread', () => {
    const m = market(minuteBars(DATE, '09:15', [26000, 26180]));
    expect(m.quote(CE)).toEqual({ symbol: CE, time: at('09:15'), ...handQuote(26000, 26000, 'CE', at('09:15'), EXPIRY, 0.12) });
    m.advanceTo(at('09:16'));
    expect(m.quote(PE)).toEqual({ symbol: PE, time: at('09:16'), ...handQuote(26180, 26000, 'PE', at('09:16'), EXPIRY, 0.12) });
    expect(m.greeks(CE)?.iv).toBe(0.12);
    // A contract that is not listed, and one past its expiry, have no quote.
    expect(m.quote('NIFTY01DEC2626010CE')).toBeUndefined();
    m.advanceTo(EXPIRY);
    expect(m.quote(CE)).toBeUndefined();
  });

  it('takes the volatility from a series at or before the time, and from a smile by moneyness', () => {
    const series = market(minuteBars(DATE, '09:15', [26000, 26000, 26000]), {
      kind: 'series',
      points: [
        { time: at('09:15'), vol: 0.12 },
        { time: at('09:17'), vol: 0.18 },
      ],
    });
    series.advanceTo(at('09:16'));
    expect(series.quote(CE)?.ltp).toBe(handQuote(26000, 26000, 'CE', at('09:16'), EXPIRY, 0.12).ltp);
    series.advanceTo(at('09:17'));
    expect(series.quote(CE)?.ltp).toBe(handQuote(26000, 26000, 'CE', at('09:17'), EXPIRY, 0.18).ltp);

    const skewed = market(minuteBars(DATE, '09:15', [26000]), { kind: 'smile', smile: { atmIv: 0.12, skew: -0.02, curvature: 0.005 } });
    // Skew below zero: the OTM put (below the forward) at a higher volatility than the OTM call as far above.
    expect(skewed.greeks('NIFTY01DEC2625500PE')!.iv).toBeGreaterThan(skewed.greeks('NIFTY01DEC2626500CE')!.iv);
  });

  it('says in its inputs that premiums were modelled, with the data’s span and hash', () => {
    const bars = minuteBars(DATE, '09:15', [26000, 26010]);
    const inputs = market(bars).inputs();
    expect(inputs.premiums).toMatch(/^modelled: Black-Scholes/);
    expect(inputs.underlyings.NIFTY).toMatchObject({
      bars: 2,
      from: '2026-11-25T03:45:00.000Z',
      to: '2026-11-25T03:46:00.000Z',
      volatility: { kind: 'constant', vol: 0.12 },
    });
    const changed = market(minuteBars(DATE, '09:15', [26000, 26015])).inputs();
    expect(changed.underlyings.NIFTY!.sha256).not.toBe(inputs.underlyings.NIFTY!.sha256);
  });

  it('refuses history it cannot price honestly, saying what to fix', () => {
    const bars = minuteBars(DATE, '09:15', [26000, 26010]);
    expect(() => market([bars[1]!, bars[0]!])).toThrow(/not in rising time order at bar 2/);
    expect(() => market(bars, { kind: 'constant', vol: 14 })).toThrow(/volatility 14 is not a decimal/);
    expect(() => market(bars, { kind: 'series', points: [{ time: at('10:00'), vol: 0.14 }] })).toThrow(/series starts at .* after options are first priced/);
    expect(
      () => new HistoryMarket({ underlyings: { NIFTI: { bars, volatility: { kind: 'constant', vol: 0.1 } } }, startMs: bars[0]!.time, instruments }),
    ).toThrow(MarketError);
    expect(() => market(bars).spot('BANKNIFTY')).toThrow(/"BANKNIFTY" has no history in this backtest/);
  });
});
