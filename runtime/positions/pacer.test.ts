import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../market/clock.ts';
import { OrderPacer } from './pacer.ts';

async function sendTimes(pacer: OrderPacer, clock: VirtualClock, n: number, max: number | undefined): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    await pacer.pace('dep', max);
    times.push(clock.now());
  }
  return times;
}

describe('OrderPacer', () => {
  it('lets N orders out per 1-second window and waits on the clock for the rest', async () => {
    const clock = new VirtualClock(0);
    expect(await sendTimes(new OrderPacer(clock), clock, 5, 2)).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('does not wait without a limit', async () => {
    const clock = new VirtualClock(0);
    expect(await sendTimes(new OrderPacer(clock), clock, 4, undefined)).toEqual([0, 0, 0, 0]);
  });

  it('counts earlier sends of the same key, not of other keys', async () => {
    const clock = new VirtualClock(0);
    const pacer = new OrderPacer(clock);
    await pacer.pace('other', 1);
    await pacer.pace('dep', 1);
    clock.set(400);
    await pacer.pace('dep', 1);
    expect(clock.now()).toBe(1000);
  });

  it('reserves slots for concurrent callers', async () => {
    // A clock that never moves on its own: all three callers ask at t = 0 before anyone has slept.
    const slept: number[] = [];
    const sleep = (ms: number) => {
      slept.push(ms);
      return Promise.resolve();
    };
    const pacer = new OrderPacer({ now: () => 0, sleep });
    await Promise.all([1, 2, 3].map(() => pacer.pace('dep', 1)));
    expect(slept).toEqual([1000, 2000]);
  });
});
