import { describe, expect, it } from 'vitest';
import { SimEngine } from './sim-engine.ts';
import { istToMs } from './time.ts';

const T0 = istToMs('2026-11-25', '10:00');

describe('SimEngine on a virtual clock', () => {
  it('tick moves the clock and the market together', async () => {
    const engine = new SimEngine({ startMs: T0, seed: 3 });
    const before = engine.market.spot('NIFTY');
    for (let i = 0; i < 30; i++) await engine.tick(60_000);
    expect(engine.clock.now()).toBe(T0 + 30 * 60_000);
    expect(engine.market.time).toBe(T0 + 30 * 60_000);
    expect(engine.market.spot('NIFTY')).not.toBe(before);
  });

  it('refuses real-time stepping', () => {
    expect(() => new SimEngine({ startMs: T0 }).start(10, () => undefined)).toThrow(/needs the real clock/);
  });
});

describe('SimEngine on the real clock', () => {
  it('steps the market as real time passes, and stops when asked', async () => {
    const engine = new SimEngine({ seed: 3 });
    const started = engine.market.time;
    expect(Math.abs(started - Date.now())).toBeLessThan(5_000);
    const errors: unknown[] = [];
    const stop = engine.start(5, (err) => errors.push(err));
    // Bounded wait for the first steps; the assertion is that steps happen, not how fast.
    for (let i = 0; i < 200 && engine.market.time === started; i++) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(engine.market.time).toBeGreaterThan(started);
    await new Promise((r) => setTimeout(r, 30));
    const stoppedAt = engine.market.time;
    await new Promise((r) => setTimeout(r, 60));
    expect(engine.market.time).toBe(stoppedAt);
    expect(errors).toEqual([]);
    await expect(engine.tick(1_000)).rejects.toThrow(/needs a virtual clock/);
  });
});
