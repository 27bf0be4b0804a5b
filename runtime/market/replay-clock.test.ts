import { describe, expect, it } from 'vitest';
import { istParts, istToMs } from '../time.ts';
import { TradingCalendar } from './calendar.ts';
import { ReplayClock } from './replay-clock.ts';

const calendar = TradingCalendar.default();
const ist = (ms: number) => {
  const p = istParts(ms);
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}:${String(p.second).padStart(2, '0')}`;
};

/** A wall clock the test moves by hand. */
function wallAt(startMs: number) {
  let ms = startMs;
  return { read: () => ms, pass: (s: number) => (ms += s * 1000) };
}

describe('the replay clock (practising after hours)', () => {
  it('runs a past session at the chosen speed', () => {
    const wall = wallAt(Date.UTC(2026, 11, 5, 18, 0)); // Saturday 23:30 IST on the wall
    const clock = new ReplayClock({ fromMs: istToMs('2026-12-04', '09:15'), speed: 10, calendar, wall: wall.read });
    expect(ist(clock.now())).toBe('2026-12-04 09:15:00');
    wall.pass(6); // 6 s × 10 = one market minute
    expect(ist(clock.now())).toBe('2026-12-04 09:16:00');
    wall.pass(0.1);
    expect(ist(clock.now())).toBe('2026-12-04 09:16:01');
  });

  it('goes on from the next session’s open when a session closes: Friday 15:30 → Monday 09:15', () => {
    const wall = wallAt(0);
    const clock = new ReplayClock({ fromMs: istToMs('2026-12-04', '15:29'), speed: 60, calendar, wall: wall.read });
    wall.pass(0.5); // 30 market seconds
    expect(ist(clock.now())).toBe('2026-12-04 15:29:30');
    wall.pass(1); // 30 s to the close, then 30 s of Monday's session
    expect(ist(clock.now())).toBe('2026-12-07 09:15:30');
  });

  it('starts at the next open when asked for a closed moment: a Saturday night, a holiday', () => {
    const saturday = new ReplayClock({ fromMs: istToMs('2026-12-05', '23:30'), speed: 1, calendar, wall: () => 0 });
    expect(ist(saturday.now())).toBe('2026-12-07 09:15:00');
    // Christmas (Friday 25 Dec 2026) is an NSE holiday; the weekend follows.
    const christmas = new ReplayClock({ fromMs: istToMs('2026-12-25', '11:00'), speed: 1, calendar, wall: () => 0 });
    expect(ist(christmas.now())).toBe('2026-12-28 09:15:00');
  });

  it('refuses a speed outside 1–60 and a start that is not a time', () => {
    expect(() => new ReplayClock({ fromMs: 0, speed: 61, calendar })).toThrow(/1 to 60 times real time; got 61/);
    expect(() => new ReplayClock({ fromMs: 0, speed: 0.5, calendar })).toThrow(/got 0.5/);
    expect(() => new ReplayClock({ fromMs: Number.NaN, speed: 1, calendar })).toThrow(/epoch milliseconds/);
  });
});
