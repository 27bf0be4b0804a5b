import { describe, it, expect } from 'vitest';
import { SeededRandom } from './random.ts';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('gives the published mulberry32 output for seed 0', () => {
    // The reference mulberry32(0) starts 0.26642920868471265, 0.0003297457005828619.
    const r = new SeededRandom(0);
    expect(r.next()).toBe(0.26642920868471265);
    expect(r.next()).toBe(0.0003297457005828619);
  });

  it('draws uniforms in [0, 1) and normals with mean 0 and variance 1', () => {
    const r = new SeededRandom(7);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      if (u < 0 || u >= 1) outOfRange++;
      const z = r.normal();
      sum += z;
      sumSq += z * z;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(sum / n)).toBeLessThan(0.015);
    expect(sumSq / n).toBeCloseTo(1, 1);
  });

  it('gives each name its own stream', () => {
    const nifty = SeededRandom.forName(1, 'NIFTY').next();
    expect(SeededRandom.forName(1, 'NIFTY').next()).toBe(nifty);
    expect(SeededRandom.forName(1, 'SENSEX').next()).not.toBe(nifty);
  });

  it('refuses a fractional seed', () => {
    expect(() => new SeededRandom(1.5)).toThrow('A random seed must be a whole number; got 1.5.');
  });
});
