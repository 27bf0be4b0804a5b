import type { Clock } from '../context.ts';

const WINDOW_MS = 1_000;

/**
 * Keeps a key (a deployment) at no more than N orders in any 1-second window. Each call reserves its send
 * time before sleeping, so orders paced concurrently (an entry and a monitor exit) still respect the limit.
 */
export class OrderPacer {
  /** Send times per key, ascending, only those that can still matter (within the last window or ahead). */
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly clock: Clock) {}

  /** Resolves when an order may go out. `maxPerSecond` undefined or < 1: no limit, but the send is counted. */
  async pace(key: string, maxPerSecond: number | undefined): Promise<void> {
    const now = this.clock.now();
    let times = this.sent.get(key);
    if (times === undefined) {
      times = [];
      this.sent.set(key, times);
    }
    while (times.length > 0 && (times[0] ?? 0) <= now - WINDOW_MS) times.shift();

    const limit = maxPerSecond === undefined ? 0 : Math.floor(maxPerSecond);
    let at = now;
    if (limit >= 1 && times.length >= limit) {
      // The limit-th most recent send must be a full window behind this one.
      at = Math.max(now, (times[times.length - limit] ?? now) + WINDOW_MS);
    }
    // Keep ascending even when different calls used different limits.
    let i = times.length;
    while (i > 0 && (times[i - 1] ?? 0) > at) i--;
    times.splice(i, 0, at);
    if (at > now) await this.clock.sleep(at - now);
  }
}
