import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { redisAnswers, TEST_REDIS_URL } from '../../tests/support/redis.ts';
import { FREE_ATTEMPTS, HALF_LIFE_MS, LoginThrottle, MAX_BLOCK_MS } from './login-throttle.ts';

const T0 = Date.parse('2026-06-01T08:00:00Z');
const MINUTE = 60_000;
const key = 'claire@test.fr';

/** `n` attempts, each one allowed, `gapMs` apart from `from`; the time of the last one. */
async function fail(throttle: LoginThrottle, n: number, from: number, gapMs = 0): Promise<number> {
  let at = from;
  for (let i = 0; i < n; i++) {
    at = from + i * gapMs;
    expect(await throttle.attempt(key, at), `attempt ${i + 1}`).toBe(0);
  }
  return at;
}

/** Fails after every block, as a patient attacker would, `n` times; the time of the last failure. */
async function failAfterEachBlock(throttle: LoginThrottle, n: number, from: number): Promise<number> {
  let at = from;
  for (let i = 0; i < n; i++) {
    const wait = await throttle.attempt(key, at);
    if (wait > 0) {
      at += wait;
      expect(await throttle.attempt(key, at)).toBe(0);
    }
  }
  return at;
}

const opened: LoginThrottle[] = [];
const make = (options: ConstructorParameters<typeof LoginThrottle>[0] = {}) => {
  const throttle = new LoginThrottle(options);
  opened.push(throttle);
  return throttle;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

describe('login back-off', () => {
  it('lets the first attempts through, then blocks the next for a second', async () => {
    const throttle = make();
    const last = await fail(throttle, FREE_ATTEMPTS + 1, T0);
    expect(await throttle.attempt(key, last)).toBe(1000);
    expect(await throttle.attempt(key, last + 1000)).toBe(0);
  });

  it('doubles the block with each further failure', async () => {
    const throttle = make();
    const last = await failAfterEachBlock(throttle, FREE_ATTEMPTS + 3, T0);
    expect(await throttle.attempt(key, last)).toBe(4000);
  });

  it('never blocks for more than 15 minutes', async () => {
    const throttle = make();
    const last = await failAfterEachBlock(throttle, FREE_ATTEMPTS + 30, T0);
    expect(await throttle.attempt(key, last)).toBeLessThanOrEqual(MAX_BLOCK_MS);
    expect(await throttle.attempt(key, last)).toBeGreaterThan(0);
  });

  it('does not count the attempts refused during a block', async () => {
    const throttle = make();
    const last = await fail(throttle, FREE_ATTEMPTS + 1, T0);
    for (let i = 0; i < 20; i++) expect(await throttle.attempt(key, last + 10)).toBeGreaterThan(0);
    // Still the first block's successor: 2 s, not 2^21 s.
    expect(await throttle.attempt(key, last + 1000)).toBe(0);
    expect(await throttle.attempt(key, last + 1000)).toBe(2000);
  });

  it('forgets failures over time: half of them every 15 minutes', async () => {
    const throttle = make();
    // Ten failures one after another: over the free attempts, the next one is blocked.
    const last = await failAfterEachBlock(throttle, 10, T0);
    // Two half-lives later 10 → 2.5: the next attempts (3.5, 4.5) are free again.
    const later = last + 2 * HALF_LIFE_MS;
    expect(await throttle.attempt(key, later)).toBe(0);
    expect(await throttle.attempt(key, later)).toBe(0);
  });

  it('after a long siege, lets the rightful owner in once the block has passed', async () => {
    const throttle = make();
    const last = await failAfterEachBlock(throttle, 200, T0);
    const wait = await throttle.attempt(key, last);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(MAX_BLOCK_MS);
    // The owner comes back when the block is over: the attempt is allowed, and the right password clears the rest.
    expect(await throttle.attempt(key, last + wait)).toBe(0);
    await throttle.succeeded(key);
    expect(await throttle.attempt(key, last + wait)).toBe(0);
  });

  it('a day after a siege, lets a typo of the owner go unpunished', async () => {
    const throttle = make();
    const last = await failAfterEachBlock(throttle, 30, T0);
    const dayLater = last + 24 * 60 * MINUTE;
    expect(await throttle.attempt(key, dayLater)).toBe(0);
    expect(await throttle.attempt(key, dayLater)).toBe(0);
  });

  it('counts attempts per e-mail', async () => {
    const throttle = make();
    const last = await fail(throttle, FREE_ATTEMPTS + 1, T0);
    expect(await throttle.attempt('someone.else@test.fr', last)).toBe(0);
  });
});

describe.skipIf(!(await redisAnswers()))('login back-off with Redis', () => {
  it('is shared by every instance', async () => {
    const options = { redisUrl: TEST_REDIS_URL, prefix: `lt-${randomUUID()}` };
    const a = make(options);
    const b = make(options);
    await Promise.all([a, b].map((t) => new Promise((resolve) => setTimeout(resolve, 200, t))));
    for (let i = 0; i <= FREE_ATTEMPTS; i++) expect(await (i % 2 ? a : b).attempt(key, T0)).toBe(0);
    expect(await a.attempt(key, T0)).toBe(1000);
    expect(await b.attempt(key, T0 + 500)).toBe(500);
  });

  it('applies the same decay as the in-process count', async () => {
    const shared = make({ redisUrl: TEST_REDIS_URL, prefix: `lt-${randomUUID()}` });
    const local = make();
    await new Promise((resolve) => setTimeout(resolve, 200));
    let at = T0;
    for (let i = 0; i < 12; i++) {
      at += 7 * MINUTE;
      const [s, l] = [await shared.attempt(key, at), await local.attempt(key, at)];
      expect(s).toBe(l);
      at += s;
      expect(await shared.attempt(key, at)).toBe(await local.attempt(key, at));
    }
  });
});
