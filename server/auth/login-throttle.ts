/** How many failed sign-ins each counter allows in a window. */
export interface LoginLimits {
  /** Failures of one username from one address: a guesser at one account from one place. */
  perPair: number;
  /**
   * Failures of one username from every address together. Past it, only addresses that have not failed on
   * that username in the window may still try (once each), so a spread-out guesser is slowed to one guess
   * per address while the real user, at an address that has not been failing, still signs in.
   */
  perAccount: number;
  /**
   * Failures from one address over every username (a spray, or a flood of password hashing). Past it, that
   * address may only sign in to usernames that signed in from it before, so a sprayer behind a shared
   * address does not lock out the people who work there.
   */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perPair: 10, perAccount: 50, perAddress: 100, windowMs: 60_000 };

/** A successful sign-in vouches for its username at that address this long (a restart forgets it). */
const TRUSTED_MS = 30 * 86_400_000;
/** Past this many entries, finished windows are swept, so a scan from many addresses cannot grow a map without bound. */
const SWEEP_AT = 10_000;

/** An attempt may go ahead (it is already counted as a failure), or must wait. */
export type Reservation = { allowed: true; succeeded(): void } | { allowed: false; retryAfterMs: number };

interface Window {
  failures: number;
  resetAt: number;
}

/** Fixed windows per key: a window opens at its first failure and lasts `windowMs`. */
class Windows {
  private readonly map = new Map<string, Window>();

  constructor(private readonly windowMs: number) {}

  /** The key's live window, if any. */
  get(key: string, now: number): Window | undefined {
    const w = this.map.get(key);
    if (w && w.resetAt <= now) {
      this.map.delete(key);
      return undefined;
    }
    return w;
  }

  count(key: string, now: number): Window {
    const w = this.get(key, now) ?? { failures: 0, resetAt: now + this.windowMs };
    w.failures += 1;
    this.map.set(key, w);
    if (this.map.size > SWEEP_AT) for (const [k, x] of this.map) if (x.resetAt <= now) this.map.delete(k);
    return w;
  }

  /** Takes back one counted failure, unless its window has since ended and another begun. */
  refund(key: string, w: Window): void {
    if (this.map.get(key) === w && w.failures > 0) w.failures -= 1;
  }
}

/**
 * Slows password guessing without letting a guesser lock anyone else out. Each attempt is counted
 * *before* its password is hashed (a tenth of a second), so concurrent guesses cannot all slip past a
 * check made before any of them failed; a correct password takes its count back. In memory: a restart
 * forgives, which is fine for slowing down guessing on one server.
 */
export class LoginThrottle {
  private readonly pairs: Windows;
  private readonly accounts: Windows;
  private readonly addresses: Windows;
  private readonly trusted = new Map<string, number>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.pairs = new Windows(limits.windowMs);
    this.accounts = new Windows(limits.windowMs);
    this.addresses = new Windows(limits.windowMs);
  }

  /** Reserves an attempt by `username` (already normalised) from `address`, or says how long to wait. */
  reserve(username: string, address: string): Reservation {
    const now = this.now();
    const pairKey = `${username}\n${address}`;
    const pair = this.pairs.get(pairKey, now);
    const account = this.accounts.get(username, now);
    const fromAddress = this.addresses.get(address, now);
    const waits: number[] = [];
    if (pair && pair.failures >= this.limits.perPair) waits.push(pair.resetAt - now);
    if (account && account.failures >= this.limits.perAccount && pair && pair.failures > 0) waits.push(Math.min(account.resetAt, pair.resetAt) - now);
    if (fromAddress && fromAddress.failures >= this.limits.perAddress && !this.isTrusted(pairKey, now)) waits.push(fromAddress.resetAt - now);
    if (waits.length > 0) return { allowed: false, retryAfterMs: Math.max(...waits) };

    const counted = [this.pairs.count(pairKey, now), this.accounts.count(username, now), this.addresses.count(address, now)] as const;
    let settled = false;
    return {
      allowed: true,
      succeeded: () => {
        if (settled) return;
        settled = true;
        this.pairs.refund(pairKey, counted[0]);
        this.accounts.refund(username, counted[1]);
        this.addresses.refund(address, counted[2]);
        this.trust(pairKey, this.now());
      },
    };
  }

  private isTrusted(pairKey: string, now: number): boolean {
    const until = this.trusted.get(pairKey);
    return until !== undefined && until > now;
  }

  private trust(pairKey: string, now: number): void {
    this.trusted.delete(pairKey); // re-inserted last, so the oldest entries are the first ones dropped
    this.trusted.set(pairKey, now + TRUSTED_MS);
    for (const [key, until] of this.trusted) {
      if (this.trusted.size <= SWEEP_AT && until > now) break;
      this.trusted.delete(key);
    }
  }
}
