import { describe, expect, it } from 'vitest';
import { SocketRateLimiter } from './socket-limits.ts';

const limits = {
  message: { perSecond: 10, burst: 3 },
  typing: { perSecond: 5, burst: 2 },
  other: { perSecond: 20, burst: 4 },
};

function limiter() {
  let now = 0;
  return { limiter: new SocketRateLimiter(limits, () => now), advance: (ms: number) => (now += ms) };
}

const takeN = (l: SocketRateLimiter, user: string, event: string, n: number) =>
  Array.from({ length: n }, () => l.take(user, event).ok);

describe('socket rate limiter', () => {
  it('allows a burst, then refuses with the time until the next token', () => {
    const { limiter: l } = limiter();
    expect(takeN(l, 'u1', 'message:send', 3)).toEqual([true, true, true]);
    expect(l.take('u1', 'message:send')).toEqual({ ok: false, retryAfterMs: 100 });
  });

  it('refills at its rate, never beyond its burst', () => {
    const { limiter: l, advance } = limiter();
    takeN(l, 'u1', 'typing', 2);
    advance(200);
    expect(takeN(l, 'u1', 'typing', 2)).toEqual([true, false]);
    advance(60_000);
    expect(takeN(l, 'u1', 'typing', 3)).toEqual([true, true, false]);
  });

  it('counts each kind of event and each user apart', () => {
    const { limiter: l } = limiter();
    takeN(l, 'u1', 'message:send', 3);
    expect(l.take('u1', 'message:send').ok).toBe(false);
    expect(l.take('u1', 'typing').ok).toBe(true);
    expect(l.take('u1', 'message:read').ok).toBe(true);
    expect(l.take('u2', 'message:send').ok).toBe(true);
    // Every event that is neither a message nor typing shares one allowance.
    expect(takeN(l, 'u1', 'presence:query', 3)).toEqual([true, true, true]);
    expect(l.take('u1', 'conversation:join').ok).toBe(false);
  });

  it('forgets the buckets that refilled', () => {
    const { limiter: l, advance } = limiter();
    l.take('u1', 'message:send');
    l.take('u2', 'typing');
    advance(150);
    l.prune();
    expect(l.size).toBe(1);
    advance(1000);
    l.prune();
    expect(l.size).toBe(0);
  });
});
