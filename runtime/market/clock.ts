import type { Clock } from '../context.ts';
import { MarketError } from './market-error.ts';

/** Wall-clock time; `sleep` really waits. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number): Promise<void> {
    checkDuration(ms);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/**
 * Time that moves only when told, so tests and backtests are deterministic and instant. `sleep(ms)` moves
 * time forward by `ms` and resolves at once: concurrent sleepers each add their own wait, in call order
 * (there is no timer queue). Time never goes backwards.
 */
export class VirtualClock implements Clock {
  private ms: number;

  constructor(startMs: number) {
    if (!Number.isFinite(startMs)) {
      throw new MarketError('INVALID_ARGUMENT', `A virtual clock starts at epoch milliseconds; got ${startMs}.`);
    }
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  sleep(ms: number): Promise<void> {
    this.advance(ms);
    return Promise.resolve();
  }

  advance(ms: number): void {
    checkDuration(ms);
    this.ms += ms;
  }

  /** Jumps to `ms`, which must not be earlier than now. */
  set(ms: number): void {
    if (!Number.isFinite(ms) || ms < this.ms) {
      const asked = Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
      throw new MarketError('CLOCK_BACKWARDS', `A virtual clock only moves forward: it is at ${new Date(this.ms).toISOString()}, asked for ${asked}.`, {
        now: this.ms,
        requested: ms,
      });
    }
    this.ms = ms;
  }
}

function checkDuration(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) {
    const message = `A sleep or advance must be zero or more milliseconds; got ${ms}.`;
    throw new MarketError('INVALID_ARGUMENT', message, { ms });
  }
}
