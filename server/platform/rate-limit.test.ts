import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { redisAnswers, TEST_REDIS_URL } from '../../tests/support/redis.ts';
import { OwnRedis, redisServerInstalled } from '../../tests/support/redis-server.ts';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';
import { loadConfig } from '../config.ts';

const opened: TestApp[] = [];
let ownRedis: OwnRedis | undefined;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
  await ownRedis?.kill();
  ownRedis = undefined;
});

async function app(overrides: Parameters<typeof startTestApp>[0]) {
  const t = await startTestApp(overrides);
  opened.push(t);
  return t;
}

/** A failed login (an unknown e-mail each time, so the per-e-mail back-off never answers instead). */
const failedLogin = (t: TestApp, headers: Record<string, string> = {}) =>
  t.request('POST', '/api/auth/login', {
    body: { email: `nobody.${randomUUID().slice(0, 8)}@test.fr`, password: 'wrong-password-1' },
    headers,
  });

const redisUp = await redisAnswers();

describe.skipIf(!redisUp)('rate limits with Redis', () => {
  it('counts the requests of one address across every instance sharing the Redis', async () => {
    const shared = { redisUrl: TEST_REDIS_URL, redisPrefix: `rl-${randomUUID()}`, authRateLimitPerMinute: 3 };
    const [a, b] = await Promise.all([app(shared), app(shared)]);
    expect((await failedLogin(a)).status).toBe(401);
    expect((await failedLogin(b)).status).toBe(401);
    expect((await failedLogin(a)).status).toBe(401);
    const fourth = await failedLogin(b);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.code).toBe('RATE_LIMITED');
  });

  it('keeps the counts of each deployment apart under their REDIS_PREFIX', async () => {
    const a = await app({
      redisUrl: TEST_REDIS_URL,
      redisPrefix: `rl-${randomUUID()}`,
      authRateLimitPerMinute: 1,
    });
    const b = await app({
      redisUrl: TEST_REDIS_URL,
      redisPrefix: `rl-${randomUUID()}`,
      authRateLimitPerMinute: 1,
    });
    expect((await failedLogin(a)).status).toBe(401);
    expect((await failedLogin(b)).status).toBe(401);
  });
});

describe.skipIf(!redisServerInstalled)('rate limits while Redis is down', () => {
  it('still limits, per process, and answers no 5xx', async () => {
    ownRedis = await OwnRedis.start();
    const t = await app({
      redisUrl: ownRedis.url,
      redisPrefix: `rl-${randomUUID()}`,
      authRateLimitPerMinute: 2,
    });
    expect((await failedLogin(t)).status).toBe(401);
    await ownRedis.kill();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await failedLogin(t)).status);
    // The process counts on its own from the outage on: two allowed, then limited.
    expect(statuses).toEqual([401, 401, 429]);
  });
});

describe('client address behind proxies', () => {
  it('with TRUST_PROXY=1 counts per address in the last X-Forwarded-For hop', async () => {
    const t = await app({ trustProxy: 1, authRateLimitPerMinute: 1 });
    const from = (ip: string) => ({ 'x-forwarded-for': `198.51.100.77, ${ip}` });
    expect((await failedLogin(t, from('203.0.113.1'))).status).toBe(401);
    expect((await failedLogin(t, from('203.0.113.1'))).status).toBe(429);
    expect((await failedLogin(t, from('203.0.113.2'))).status).toBe(401);
  });

  it('without TRUST_PROXY ignores X-Forwarded-For, so spoofing it does not reset the limit', async () => {
    const t = await app({ authRateLimitPerMinute: 1 });
    expect((await failedLogin(t, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(401);
    const spoofed = await failedLogin(t, { 'x-forwarded-for': '203.0.113.2' });
    expect(spoofed.status).toBe(429);
  });
});

describe('TRUST_PROXY setting', () => {
  const trust = (value: string) => loadConfig({ NODE_ENV: 'test', TRUST_PROXY: value }).trustProxy;

  it('reads a hop count', () => {
    expect(trust('1')).toBe(1);
  });

  it('reads a list of proxy addresses and ranges', () => {
    expect(trust('10.0.0.0/8, 192.168.1.4,loopback,fd00::/8')).toEqual([
      '10.0.0.0/8',
      '192.168.1.4',
      'loopback',
      'fd00::/8',
    ]);
  });

  it('trusts nothing when unset, false or 0', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).trustProxy).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
  });

  it('refuses true, which would let any client choose its address', () => {
    expect(() => trust('true')).toThrow(/TRUST_PROXY.*hop|proxies in front/);
  });

  it('refuses an entry that is neither an address nor a range', () => {
    expect(() => trust('10.0.0.0/8,proxy.local')).toThrow(/proxy\.local/);
    expect(() => trust('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
  });
});
