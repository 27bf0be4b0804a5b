/**
 * Counts failed logins per client address in fixed windows: after `limit` failures in a window, that
 * address is refused until the window ends. In memory: a restart forgives, which is fine for slowing
 * down guessing on one server.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, { failures: number; resetAt: number }>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until this address may try again, or 0 when it may try now. */
  retryAfterMs(address: string): number {
    const w = this.windows.get(address);
    if (!w) return 0;
    const left = w.resetAt - this.now();
    if (left <= 0) {
      this.windows.delete(address);
      return 0;
    }
    return w.failures >= this.limit ? left : 0;
  }

  recordFailure(address: string): void {
    const now = this.now();
    const w = this.windows.get(address);
    if (w && w.resetAt > now) w.failures += 1;
    else this.windows.set(address, { failures: 1, resetAt: now + this.windowMs });
    if (this.windows.size > 10_000) this.sweep(now);
  }

  /** Drops finished windows so a scan from many addresses cannot grow the map without bound. */
  private sweep(now: number): void {
    for (const [address, w] of this.windows) if (w.resetAt <= now) this.windows.delete(address);
  }
}
