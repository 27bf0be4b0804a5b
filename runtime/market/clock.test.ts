import { describe, it, expect } from 'vitest';
import { istToMs } from '../time.ts';
import { RealClock, VirtualClock } from './clock.ts';

describe('VirtualClock', () => {
  const start = istToMs('2026-03-02', '09:15');

  it('advances by exactly the slept time, without waiting', async () => {
    const clock = new VirtualClock(start);
    const before = Date.now();
    await clock.sleep(6 * 3_600_000);
    expect(clock.now()).toBe(istToMs('2026-03-02', '15:15'));
    expect(Date.now() - before).toBeLessThan(1000);
  });

  it('can be advanced and set forward, never backward', () => {
    const clock = new VirtualClock(start);
    clock.advance(60_000);
    expect(clock.now()).toBe(istToMs('2026-03-02', '09:16'));
    clock.set(istToMs('2026-03-04', '09:15'));
    expect(clock.now()).toBe(istToMs('2026-03-04', '09:15'));
    expect(() => clock.set(start)).toThrow(
      'A virtual clock only moves forward: it is at 2026-03-04T03:45:00.000Z, asked for 2026-03-02T03:45:00.000Z.',
    );
    expect(() => clock.advance(-1)).toThrow(/zero or more milliseconds; got -1/);
  });
});

describe('RealClock', () => {
  it('reads wall time and really sleeps', async () => {
    const clock = new RealClock();
    const t0 = clock.now();
    expect(Math.abs(t0 - Date.now())).toBeLessThan(50);
    await clock.sleep(20);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(15);
  });
});
