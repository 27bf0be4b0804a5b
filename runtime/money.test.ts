import { describe, expect, it } from 'vitest';
import { roundToTick, roundToTickPaise, toPaise, toRupees } from './money.ts';

describe('paise', () => {
  it('converts rupees to whole paise and back', () => {
    expect(toPaise(120.05)).toBe(12005);
    expect(toPaise(0.1 + 0.2)).toBe(30);
    expect(toPaise(1_000_000)).toBe(100_000_000);
    expect(toRupees(12005)).toBe(120.05);
    expect(toPaise(-120.05)).toBe(-12005);
    expect(toRupees(-104000)).toBe(-1040);
  });

  it('makes a fill’s value exact: 120.05 × 65 is 780325 paise', () => {
    expect(toPaise(120.05) * 65).toBe(780325);
    expect(toRupees(toPaise(120.05) * 65)).toBe(7803.25);
  });

  it('keeps P&L exact where floats drift: (173.50 − 154.05) × 65 is ₹1,264.25', () => {
    expect((173.5 - 154.05) * 65).not.toBe(1264.25);
    expect(toRupees((toPaise(173.5) - toPaise(154.05)) * 65)).toBe(1264.25);
  });
});

describe('roundToTick', () => {
  it('rounds to the 0.05 tick with no float noise', () => {
    expect(roundToTick(150.0625)).toBe(150.05); // a 25 % stop on 120.05
    expect(roundToTick(120.05 * 1.25)).toBe(150.05);
    expect(roundToTick(150.08)).toBe(150.1);
    expect(roundToTick(0.1 + 0.2)).toBe(0.3);
    expect(roundToTick(24510.5)).toBe(24510.5);
  });

  it('rounds negative values the same way as positive ones', () => {
    expect(roundToTick(-150.0625)).toBe(-150.05);
    expect(roundToTick(-150.08)).toBe(-150.1);
    expect(toPaise(-120.05) * 65).toBe(-780325);
  });

  it('rounds to another tick', () => {
    expect(roundToTick(7.12, 0.1)).toBe(7.1);
    expect(roundToTick(26012.4, 50)).toBe(26000);
    expect(roundToTick(26025, 50)).toBe(26050);
  });
});

describe('roundToTickPaise', () => {
  it('rounds half away from zero, on both sides of zero', () => {
    expect(roundToTickPaise(12.5, 5)).toBe(15);
    expect(roundToTickPaise(-12.5, 5)).toBe(-15);
    expect(roundToTickPaise(12.4, 5)).toBe(10);
    expect(roundToTickPaise(-12.4, 5)).toBe(-10);
    expect(roundToTickPaise(0, 5)).toBe(0);
  });
});
