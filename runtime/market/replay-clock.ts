import type { Clock } from '../context.ts';
import { istParts } from '../time.ts';
import { MarketError } from './market-error.ts';

/** What a replay clock needs of the exchange calendar. */
export interface SessionCalendar {
  /** The first instant at or after `ms` when the market is open. */
  nextOpenMs(ms: number, exchange?: string): number;
  /** When the session of an IST date closes. */
  sessionCloseMs(date: string, exchange?: string): number;
}

export interface ReplayClockOptions {
  /** Where the replay starts (epoch ms); a moment when the exchange is closed starts at its next open. */
  fromMs: number;
  /** Market seconds per wall-clock second, 1 to 60. */
  speed: number;
  calendar: SessionCalendar;
  exchange?: string;
  /** The wall clock the replay follows (a test passes its own). */
  wall?: () => number;
}

export const MAX_REPLAY_SPEED = 60;

/**
 * The SIM clock for practising when the exchange is closed: it replays trading sessions only, from
 * `fromMs`, at `speed` times the wall clock. When a session reaches its close the clock goes on from the
 * next session's open (nights, weekends and holidays take no time), so the SIM market is always trading
 * and never frozen. It never runs backwards; `sleep` waits the wall-clock share of its time.
 */
export class ReplayClock implements Clock {
  readonly speed: number;
  readonly startedAtMs: number;
  private readonly calendar: SessionCalendar;
  private readonly exchange: string | undefined;
  private readonly wall: () => number;
  /** The session being replayed: its market time at `segmentWall`, and its close. */
  private segmentStart: number;
  private segmentWall: number;
  private segmentClose: number;

  constructor(options: ReplayClockOptions) {
    if (!Number.isFinite(options.fromMs)) throw new MarketError('INVALID_ARGUMENT', `A replay starts at epoch milliseconds; got ${options.fromMs}.`);
    if (!(Number.isFinite(options.speed) && options.speed >= 1 && options.speed <= MAX_REPLAY_SPEED)) {
      throw new MarketError('INVALID_ARGUMENT', `A replay runs at 1 to ${MAX_REPLAY_SPEED} times real time; got ${options.speed}.`, { speed: options.speed });
    }
    this.speed = options.speed;
    this.calendar = options.calendar;
    this.exchange = options.exchange;
    this.wall = options.wall ?? Date.now;
    this.segmentWall = this.wall();
    this.segmentStart = this.calendar.nextOpenMs(options.fromMs, this.exchange);
    this.segmentClose = this.closeOf(this.segmentStart);
    this.startedAtMs = this.segmentStart;
  }

  now(): number {
    const elapsed = (this.wall() - this.segmentWall) * this.speed;
    let market = this.segmentStart + elapsed;
    while (market >= this.segmentClose) {
      // The session is over: the rest of the wall time goes to the next session, from its open.
      const closeWall = this.segmentWall + (this.segmentClose - this.segmentStart) / this.speed;
      const open = this.calendar.nextOpenMs(this.segmentClose, this.exchange);
      this.segmentStart = open;
      this.segmentWall = closeWall;
      this.segmentClose = this.closeOf(open);
      market = open + (this.wall() - closeWall) * this.speed;
    }
    return Math.floor(market);
  }

  sleep(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new MarketError('INVALID_ARGUMENT', `A sleep must be zero or more milliseconds; got ${ms}.`, { ms });
    return new Promise((resolve) => setTimeout(resolve, ms / this.speed));
  }

  private closeOf(openMs: number): number {
    return this.calendar.sessionCloseMs(istParts(openMs).date, this.exchange);
  }
}
