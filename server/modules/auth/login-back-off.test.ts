import { describe, expect, it } from 'vitest';
import { PASSWORD, registerClient } from '../../../tests/support/factories.ts';
import { startedApp } from '../../../tests/support/test-app.ts';
import { FREE_ATTEMPTS, MAX_BLOCK_MS } from '../../platform/login-throttle.ts';

const t = startedApp();

const login = (email: string, password: string) =>
  t.request('POST', '/api/auth/login', { body: { email, password } });

/** Wrong passwords, each after the block the previous one caused, as a patient attacker would. */
async function siege(email: string, failures: number) {
  for (let i = 0; i < failures; i++) {
    let res = await login(email, 'wrong-password-1');
    if (res.status === 429) {
      t.clock.advance(res.body.error.details.retryAfterSeconds * 1000);
      res = await login(email, 'wrong-password-1');
    }
    expect(res.status).toBe(401);
  }
}

describe('per-e-mail login back-off', () => {
  it('counts parallel attempts: a burst of wrong passwords is mostly refused before any is checked', async () => {
    const { user } = await registerClient(t);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => login(user.email, 'wrong-password-1')),
    );
    const checked = answers.filter((r) => r.status === 401).length;
    const refused = answers.filter((r) => r.status === 429 && r.body.error.code === 'LOGIN_THROTTLED').length;
    expect(checked).toBe(FREE_ATTEMPTS + 1);
    expect(refused).toBe(20 - checked);
  });

  it('refuses even the right password during a block, saying how long to wait', async () => {
    const { user } = await registerClient(t);
    await siege(user.email, FREE_ATTEMPTS + 1);
    const res = await login(user.email, PASSWORD);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('LOGIN_THROTTLED');
    expect(res.body.error.details.retryAfterSeconds).toBe(1);
  });

  it('lets the right password in once the block has passed, however long the siege', async () => {
    const { user } = await registerClient(t);
    await siege(user.email, 40);
    const blocked = await login(user.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.details.retryAfterSeconds * 1000).toBeLessThanOrEqual(MAX_BLOCK_MS);
    t.clock.advance(blocked.body.error.details.retryAfterSeconds * 1000);
    expect((await login(user.email, PASSWORD)).status).toBe(200);
  });

  it('forgets a siege: a day later one typo does not lock the owner out', async () => {
    const { user } = await registerClient(t);
    await siege(user.email, 30);
    t.clock.advance(24 * 3600 * 1000);
    expect((await login(user.email, 'typo-password-1')).status).toBe(401);
    expect((await login(user.email, PASSWORD)).status).toBe(200);
  });
});
