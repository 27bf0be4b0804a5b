import { describe, expect, it } from 'vitest';
import { levelPricePaise } from './levels.ts';

const TICK = 5;

describe('levelPricePaise', () => {
  it('puts a SELL leg’s pct stop above entry, rounded to the tick (120.05 × 1.25 = 150.0625 → 150.05)', () => {
    expect(levelPricePaise(12_005, 'SELL', { type: 'pct', value: 25 }, 'stop', TICK)).toBe(15_005);
  });

  it('puts a SELL leg’s target below entry', () => {
    expect(levelPricePaise(12_005, 'SELL', { type: 'pct', value: 50 }, 'target', TICK)).toBe(6_005); // 60.025 → 60.05
    expect(levelPricePaise(11_000, 'SELL', { type: 'points', value: 30 }, 'target', TICK)).toBe(8_000);
  });

  it('puts a BUY leg’s stop below and its target above entry', () => {
    expect(levelPricePaise(10_000, 'BUY', { type: 'points', value: 20 }, 'stop', TICK)).toBe(8_000);
    expect(levelPricePaise(10_000, 'BUY', { type: 'pct', value: 33 }, 'target', TICK)).toBe(13_300);
    expect(levelPricePaise(10_010, 'BUY', { type: 'pct', value: 10 }, 'stop', TICK)).toBe(9_010); // 90.09 → 90.10
  });

  it('is null when the leg has no such level', () => {
    expect(levelPricePaise(10_000, 'BUY', undefined, 'stop', TICK)).toBeNull();
  });
});
