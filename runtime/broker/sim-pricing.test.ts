import { describe, expect, it } from 'vitest';
import { arrivalFillPaise, offTickMessage } from './sim-pricing.ts';

const TICK = 5;

describe('arrivalFillPaise', () => {
  it('fills a market order at LTP on the tick, slipped against the trader', () => {
    expect(arrivalFillPaise('BUY', 12_005, null, 0, TICK)).toBe(12_005);
    expect(arrivalFillPaise('BUY', 12_003, null, 0, TICK)).toBe(12_005);
    expect(arrivalFillPaise('BUY', 12_005, null, 2, TICK)).toBe(12_015);
    expect(arrivalFillPaise('SELL', 12_005, null, 2, TICK)).toBe(11_995);
    expect(arrivalFillPaise('SELL', 5, null, 3, TICK)).toBe(5);
  });

  it('fills a marketable limit, never beyond its price, and leaves the rest to rest', () => {
    expect(arrivalFillPaise('BUY', 12_005, 12_100, 0, TICK)).toBe(12_005);
    expect(arrivalFillPaise('BUY', 12_005, 12_010, 4, TICK)).toBe(12_010);
    expect(arrivalFillPaise('BUY', 12_005, 12_000, 0, TICK)).toBeNull();
    expect(arrivalFillPaise('SELL', 12_005, 12_000, 4, TICK)).toBe(12_000);
    expect(arrivalFillPaise('SELL', 12_005, 12_010, 0, TICK)).toBeNull();
  });
});

describe('offTickMessage', () => {
  it('accepts prices on the tick despite float noise', () => {
    for (const price of [120.05, 0.05, 150.1, 1000, 19.95]) expect(offTickMessage(price, TICK)).toBeUndefined();
  });

  it('names the two nearest valid prices', () => {
    expect(offTickMessage(120.03, TICK)).toBe('Limit price 120.03 is not on the tick 0.05; use 120.00 or 120.05.');
    expect(offTickMessage(120.051, TICK)).toBe('Limit price 120.051 is not on the tick 0.05; use 120.05 or 120.10.');
  });
});
