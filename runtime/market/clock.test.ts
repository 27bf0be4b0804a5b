import { describe, it, expect } from 'vitest';
import { istToMs } from '../time.ts';
import { RealClock, VirtualClock } from './clock.ts';

describe('VirtualClock', () => {
  const start = istToMs('2026-03-02', '09:15');

  it('advances by exactly the slept time, without waiting', async () => {
    const clock = new VirtualClock(start);
    // Resolved before any timer could fire, however busy the machine: no real waiting.
    const first = await Promise.race([clock.sleep(6 * 3_600_000).then(() => 'slept'), new Promise((resolve) => setImmediate(() => resolve('waited')))]);
    expect(first).toBe('slept');
    expect(clock.now()).toBe(istToMs('2026-03-02', '15:15'));
  });

  it('can be advanced and set forward, never backward', () => {
    const clock = new VirtualClock(start);
    clock.advance(60_000);
    expect(clock.now()).toBe(istToMs('2026-03-02', '09:16'));
    clock.set(istToMs('2026-03-04', '09:15'));
    expect(clock.now()).toBe(istToMs('2026-03-04', '09:15'));
    expect(() => clock.set(start)).toThrow('A virtual clock only moves forward: it is at 2026-03-04T03:45:00.000Z, asked for 2026-03-02T03:45:00.000Z.');
    expect(() => clock.advance(-1)).toThrow(/zero or more milliseconds; got -1/);
  });
});

describe('RealClock', () => {
  it('reads wall time and really sleeps', async () => {
    const clock = new RealClock();
    const before = Date.now();
    const t0 = clock.now();
    expect(t0).toBeGreaterThanOrEqual(before);
    expect(t0).toBeLessThanOrEqual(Date.now());
    await clock.sleep(20);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(15);
  });
});
