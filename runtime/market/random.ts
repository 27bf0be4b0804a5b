import { MarketError } from './market-error.ts';

/**
 * A small seeded PRNG (mulberry32) with standard normals by Box-Muller. Not cryptographic; its job is that
 * the same seed gives the same market on every machine and every Node version, which Math.random cannot.
 */
export class SeededRandom {
  private state: number;
  private spare: number | undefined;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new MarketError('INVALID_ARGUMENT', `A random seed must be a whole number; got ${seed}.`, { seed });
    }
    this.state = seed >>> 0;
  }

  /** A stream of its own for one name (e.g. an underlying), so adding a name never shifts another's path. */
  static forName(seed: number, name: string): SeededRandom {
    let h = 0x811c9dc5; // FNV-1a
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    return new SeededRandom((seed ^ h) >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal (mean 0, variance 1). */
  normal(): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return z;
    }
    const u1 = 1 - this.next(); // (0, 1]: log(0) would be −∞
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }
}
