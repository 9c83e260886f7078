import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientInput, registerClient, uniqueEmail } from '../../../tests/support/factories.ts';
import { redisAnswers, TEST_REDIS_URL } from '../../../tests/support/redis.ts';
import { startedApp, startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { hashPassword } from '../../platform/passwords.ts';

/** Registration must not be an e-mail (or company) oracle that works at scale: it is limited hard, and timed alike. */
describe('registration limits', () => {
  // One hop of proxy trusted (the test client plays the proxy): X-Forwarded-For gives each request its address.
  const t = startedApp({
    trustProxy: 1,
    registerRateLimitPerAddressPerHour: 3,
    registerRateLimitPerEmailPerHour: 2,
  });

  const register = (body: unknown, address: string) =>
    t.request('POST', '/api/auth/register', { body, headers: { 'x-forwarded-for': address } });

  it('refuses the attempt after the limit from one address, with a delay to wait', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await register(clientInput(), '203.0.113.10')).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const next = await register(clientInput(), '203.0.113.10');
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe('REGISTRATION_RATE_LIMITED');
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(3000);
  });

  it('refuses the attempt after the limit on one e-mail, whatever address it comes from', async () => {
    const email = uniqueEmail('target');
    const first = await register(clientInput({ email }), '198.51.100.1');
    const second = await register(clientInput({ email }), '198.51.100.2');
    const third = await register(clientInput({ email }), '198.51.100.3');
    expect([first.status, second.status, third.status]).toEqual([201, 409, 429]);
    expect(third.body.error.code).toBe('REGISTRATION_RATE_LIMITED');
  });

  it('counts e-mails as the schema normalises them (case, spaces)', async () => {
    const email = uniqueEmail('cased');
    await register(clientInput({ email }), '198.51.100.11');
    await register(clientInput({ email: email.toUpperCase() }), '198.51.100.12');
    const third = await register(clientInput({ email: ` ${email.toUpperCase()} ` }), '198.51.100.13');
    expect(third.status).toBe(429);
  });

  it('leaves other addresses and e-mails free', async () => {
    for (let i = 0; i < 3; i++) await register(clientInput(), '203.0.113.20');
    expect((await register(clientInput(), '203.0.113.21')).status).toBe(201);
  });

  it('does not count requests refused by validation', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await register(clientInput({ password: 'short' }), '203.0.113.30')).status).toBe(400);
    }
    expect((await register(clientInput(), '203.0.113.30')).status).toBe(201);
  });
});

describe('registration timing', () => {
  const t = startedApp();

  it('hashes the password before answering that an e-mail is taken, as for a free one', async () => {
    const taken = await registerClient(t);
    const hashTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await hashPassword('Some-Password-123');
      hashTimes.push(performance.now() - start);
    }
    const takenTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const res = await t.request('POST', '/api/auth/register', {
        body: clientInput({ email: taken.user.email }),
      });
      takenTimes.push(performance.now() - start);
      expect(res.body.error.code).toBe('EMAIL_TAKEN');
    }
    // A lower bound only: a loaded machine makes the answer slower, never faster than the hash it includes.
    expect(Math.min(...takenTimes)).toBeGreaterThan(0.6 * Math.min(...hashTimes));
  });
});

describe.skipIf(!(await redisAnswers()))('registration limits with Redis', () => {
  it('counts the attempts on one e-mail across every instance sharing the Redis', async () => {
    const shared = {
      redisUrl: TEST_REDIS_URL,
      redisPrefix: `reg-${randomUUID()}`,
      trustProxy: 1,
      registerRateLimitPerEmailPerHour: 2,
    };
    const [a, b] = await Promise.all([startTestApp(shared), startTestApp(shared)]);
    try {
      const email = uniqueEmail('spread');
      const attempt = (t: TestApp, address: string) =>
        t.request('POST', '/api/auth/register', {
          body: clientInput({ email }),
          headers: { 'x-forwarded-for': address },
        });
      expect((await attempt(a, '192.0.2.1')).status).toBe(201);
      expect((await attempt(b, '192.0.2.2')).status).toBe(201);
      const third = await attempt(a, '192.0.2.3');
      expect(third.status).toBe(429);
      expect(third.body.error.code).toBe('REGISTRATION_RATE_LIMITED');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
