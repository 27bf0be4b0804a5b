import { describe, expect, it } from 'vitest';
import { MarketError } from './market-error.ts';
import { atmStrike, strikeByOffset } from './strikes.ts';

describe('strikes', () => {
  it('ATM is the strike nearest the price, a price exactly between two going to the higher one', () => {
    expect(atmStrike(50, 25876.25)).toBe(25900);
    expect(atmStrike(50, 25980.8)).toBe(26000);
    expect(atmStrike(50, 25925)).toBe(25950);
    expect(atmStrike(2.5, 101.3)).toBe(102.5);
    expect(() => atmStrike(50, 0)).toThrow(MarketError);
  });

  it('offsets go out of the money: up for a call, down for a put, and never to a strike at or below zero', () => {
    expect(strikeByOffset('NIFTY', 50, 25980.8, 'CE', 2)).toBe(26100);
    expect(strikeByOffset('NIFTY', 50, 25980.8, 'PE', 2)).toBe(25900);
    expect(strikeByOffset('NIFTY', 50, 25980.8, 'CE', -1)).toBe(25950);
    expect(() => strikeByOffset('NIFTY', 50, 25980.8, 'CE', 1.5)).toThrow(/whole number/);
    expect(() => strikeByOffset('NIFTY', 50, 120, 'PE', 3)).toThrow(/not listed/);
  });
});
