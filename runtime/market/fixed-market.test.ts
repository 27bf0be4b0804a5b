import { describe, expect, it } from 'vitest';
import { FixedMarket } from './fixed-market.ts';
import { MarketError } from './market-error.ts';

describe('FixedMarket', () => {
  it('quotes exactly the price that was set, with bid = ask = ltp', () => {
    const market = new FixedMarket().setPrice('NIFTY01DEC2626000CE', 120.05);
    expect(market.quote('NIFTY01DEC2626000CE')).toEqual({
      symbol: 'NIFTY01DEC2626000CE',
      ltp: 120.05,
      bid: 120.05,
      ask: 120.05,
      time: 0,
    });
  });

  it('stamps quotes with the time set by the caller', () => {
    const market = new FixedMarket().setTime(1_700_000_000_000).setPrice('X', 10);
    expect(market.quote('X')?.time).toBe(1_700_000_000_000);
  });

  it('answers undefined for a symbol never set or removed', () => {
    const market = new FixedMarket().setPrice('X', 10).remove('X');
    expect(market.quote('X')).toBeUndefined();
    expect(market.quote('Y')).toBeUndefined();
  });

  it('keeps spots per underlying and quotes the underlying too', () => {
    const market = new FixedMarket().setSpot('NIFTY', 26012.4);
    expect(market.spot('NIFTY')).toBe(26012.4);
    expect(market.quote('NIFTY')?.ltp).toBe(26012.4);
  });

  it('throws a MarketError for an unknown underlying', () => {
    expect(() => new FixedMarket().spot('BANKNIFTY')).toThrow(MarketError);
    expect(() => new FixedMarket().spot('BANKNIFTY')).toThrow(/setSpot/);
  });

  it('refuses a price that is not positive', () => {
    expect(() => new FixedMarket().setPrice('X', 0)).toThrow(/positive/);
    expect(() => new FixedMarket().setPrice('X', Number.NaN)).toThrow(/positive/);
  });
});
