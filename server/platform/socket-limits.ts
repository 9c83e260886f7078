import { performance } from 'node:perf_hooks';

export type EventLimit = { perSecond: number; burst: number };
/** Per user: messages sent, typing notices, and every other client event (reads, joins, presence, renewals). */
export type SocketLimits = { message: EventLimit; typing: EventLimit; other: EventLimit };

export const defaultSocketLimits: SocketLimits = {
  // A burst as deep as one socket's send queue: a client flushing its outbox after a reconnect is never refused.
  message: { perSecond: 10, burst: 50 },
  typing: { perSecond: 5, burst: 10 },
  other: { perSecond: 20, burst: 40 },
};

const kindOf = (event: string): keyof SocketLimits =>
  event === 'message:send' ? 'message' : event === 'typing' ? 'typing' : 'other';

type Bucket = { tokens: number; at: number };

/**
 * Token buckets per user and kind of event, in this process: a user's sockets on one instance share them (with
 * several instances, each grants its own allowance). Time is the monotonic clock: limits are about real rates.
 */
export class SocketRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits: SocketLimits;
  private readonly now: () => number;

  constructor(limits: SocketLimits = defaultSocketLimits, now: () => number = () => performance.now()) {
    this.limits = limits;
    this.now = now;
  }

  /** Takes one token for this event; when there is none, how long until there is. */
  take(userId: string, event: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const kind = kindOf(event);
    const { perSecond, burst } = this.limits[kind];
    const key = `${kind}:${userId}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * 1000) / perSecond) };
  }

  /** Forgets buckets that are full again: they behave exactly like absent ones. */
  prune(): void {
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      const { perSecond, burst } = this.limits[key.slice(0, key.indexOf(':')) as keyof SocketLimits];
      if (bucket.tokens + ((now - bucket.at) * perSecond) / 1000 >= burst) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
