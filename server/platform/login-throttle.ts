/**
 * Slows down repeated failed logins per e-mail, whether or not the account exists (so it gives no hint):
 * after 5 failures each further attempt waits an exponentially growing delay, capped at 15 minutes.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; blockedUntil: number }>();
  private readonly freeAttempts: number;
  constructor(freeAttempts = 5) {
    this.freeAttempts = freeAttempts;
  }

  /** Milliseconds the caller must still wait, 0 when an attempt is allowed now. */
  waitMs(key: string, now: number): number {
    const entry = this.failures.get(key);
    return entry ? Math.max(0, entry.blockedUntil - now) : 0;
  }

  recordFailure(key: string, now: number): void {
    const entry = this.failures.get(key) ?? { count: 0, blockedUntil: 0 };
    entry.count += 1;
    const over = entry.count - this.freeAttempts;
    entry.blockedUntil = over > 0 ? now + Math.min(1000 * 2 ** (over - 1), 15 * 60_000) : 0;
    this.failures.set(key, entry);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }
}
