import { describe, expect, it } from 'vitest';
import { arrivalFillPaise, offTickMessage, restingFillPaise, touchPaise } from './sim-pricing.ts';

const TICK = 5;

describe('touchPaise', () => {
  it('is the ask for a BUY and the bid for a SELL', () => {
    const quote = { symbol: 'X', ltp: 120.05, bid: 119.8, ask: 120.3, time: 0 };
    expect([touchPaise('BUY', quote), touchPaise('SELL', quote)]).toEqual([12_030, 11_980]);
  });
});

describe('arrivalFillPaise', () => {
  it('fills a market order at the touch (ask or bid) on the tick, slipped against the trader', () => {
    expect(arrivalFillPaise('BUY', 12_005, null, 0, TICK)).toBe(12_005);
    expect(arrivalFillPaise('BUY', 12_003, null, 0, TICK)).toBe(12_005);
    expect(arrivalFillPaise('BUY', 12_005, null, 2, TICK)).toBe(12_015);
    expect(arrivalFillPaise('SELL', 12_005, null, 2, TICK)).toBe(11_995);
    expect(arrivalFillPaise('SELL', 5, null, 3, TICK)).toBe(5);
  });

  it('fills a marketable limit at the touch, never beyond its price, and leaves the rest to rest', () => {
    expect(arrivalFillPaise('BUY', 12_005, 12_100, 0, TICK)).toBe(12_005);
    expect(arrivalFillPaise('BUY', 12_005, 12_010, 4, TICK)).toBe(12_010);
    expect(arrivalFillPaise('BUY', 12_005, 12_000, 0, TICK)).toBeNull();
    expect(arrivalFillPaise('SELL', 12_005, 12_000, 4, TICK)).toBe(12_000);
    expect(arrivalFillPaise('SELL', 12_005, 12_010, 0, TICK)).toBeNull();
  });
});

describe('restingFillPaise', () => {
  it('fills a resting limit at its own price once the touch crosses it, not before', () => {
    // BUY limit 118.00: the ask at 118.15 has not reached it; at 118.00 or below it fills at 118.00.
    expect(restingFillPaise('BUY', 11_815, 11_800)).toBeNull();
    expect(restingFillPaise('BUY', 11_800, 11_800)).toBe(11_800);
    expect(restingFillPaise('BUY', 11_750, 11_800)).toBe(11_800);
    // SELL limit 122.00: the bid must reach it.
    expect(restingFillPaise('SELL', 12_195, 12_200)).toBeNull();
    expect(restingFillPaise('SELL', 12_210, 12_200)).toBe(12_200);
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
