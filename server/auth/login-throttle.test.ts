import { describe, expect, it } from 'vitest';
import { LoginThrottle, type LoginLimits } from './login-throttle.ts';

const LIMITS: LoginLimits = { perPair: 3, perAccount: 5, perAddress: 8, windowMs: 60_000 };

function throttle(limits = LIMITS) {
  const clock = { now: 1_000_000 };
  return { clock, throttle: new LoginThrottle(limits, () => clock.now) };
}

/** `n` failed attempts: reserved and never taken back. */
function fail(t: LoginThrottle, username: string, address: string, n = 1): void {
  for (let i = 0; i < n; i++) expect(t.reserve(username, address).allowed).toBe(true);
}

describe('LoginThrottle', () => {
  it('counts an attempt when it is reserved, so attempts in flight count before any fails', () => {
    const { throttle: t } = throttle();
    const inFlight = [t.reserve('admin', 'a'), t.reserve('admin', 'a'), t.reserve('admin', 'a'), t.reserve('admin', 'a')];
    expect(inFlight.map((r) => r.allowed)).toEqual([true, true, true, false]);
  });

  it('a success takes its own count back, and only once', () => {
    const { throttle: t } = throttle();
    fail(t, 'admin', 'a', 2);
    const ok = t.reserve('admin', 'a');
    if (!ok.allowed) throw new Error('should be allowed');
    ok.succeeded();
    ok.succeeded();
    fail(t, 'admin', 'a');
    expect(t.reserve('admin', 'a')).toEqual({ allowed: false, retryAfterMs: 60_000 });
  });

  it('a window ends on time, and a refund from an ended window does not reach the next one', () => {
    const { clock, throttle: t } = throttle();
    fail(t, 'admin', 'a', 2);
    const late = t.reserve('admin', 'a');
    clock.now += 45_000;
    expect(t.reserve('admin', 'a')).toEqual({ allowed: false, retryAfterMs: 15_000 });
    clock.now += 15_000;
    fail(t, 'admin', 'a', 3);
    if (late.allowed) late.succeeded();
    expect(t.reserve('admin', 'a').allowed).toBe(false);
  });

  it('one guesser slows only the account at their address: other users there, and that user elsewhere, go on', () => {
    const { throttle: t } = throttle();
    fail(t, 'admin', 'guesser', 3);
    expect(t.reserve('admin', 'guesser').allowed).toBe(false);
    expect(t.reserve('bob', 'guesser').allowed).toBe(true);
    expect(t.reserve('admin', 'home').allowed).toBe(true);
  });

  it('past the account limit, addresses that failed on it wait, while an address that has not failed still tries', () => {
    const { clock, throttle: t } = throttle();
    fail(t, 'admin', 'x1', 2);
    fail(t, 'admin', 'x2', 2);
    fail(t, 'admin', 'x3', 1);
    clock.now += 10_000;
    expect(t.reserve('admin', 'x3')).toEqual({ allowed: false, retryAfterMs: 50_000 });
    const home = t.reserve('admin', 'home');
    expect(home.allowed).toBe(true);
    // The clean address had its one try; a second, while the first is still being checked, waits.
    expect(t.reserve('admin', 'home').allowed).toBe(false);
    if (home.allowed) home.succeeded();
    expect(t.reserve('admin', 'home').allowed).toBe(true);
  });

  it('past the address limit (a spray), the address waits, except for users who signed in from it before', () => {
    const { throttle: t } = throttle();
    const regular = t.reserve('carol', 'office');
    if (regular.allowed) regular.succeeded();
    for (const name of ['u1', 'u2', 'u3', 'u4']) fail(t, name, 'office', 2);
    expect(t.reserve('u5', 'office')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect(t.reserve('bob', 'office').allowed).toBe(false);
    expect(t.reserve('carol', 'office').allowed).toBe(true);
    expect(t.reserve('bob', 'home').allowed).toBe(true);
  });
});
