import { describe, expect, it } from 'vitest';
import { registerClient } from '../../../tests/support/factories.ts';
import { startedApp } from '../../../tests/support/test-app.ts';

// A pool of two connections: as many simultaneous refreshes as connections used to wait on each other for good.
const t = startedApp({ databasePoolSize: 2 });

const refreshAll = (cookies: string[]) =>
  Promise.all(cookies.map((cookie) => t.request('POST', '/api/auth/refresh', { cookie })));

describe('concurrent refreshes on a small pool', () => {
  it('answers six refreshes sent at once with one cookie, then still serves /api/health', async () => {
    const session = await registerClient(t);
    const answers = await refreshAll(Array.from({ length: 6 }, () => session.cookie));
    for (const answer of answers) expect([200, 401]).toContain(answer.status);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    expect((await t.request('GET', '/api/health')).status).toBe(200);
    t.poolGuard.assertNoNestedAcquisition();
  });

  it('answers six refreshes of six users sent at once, then still serves /api/health', async () => {
    const sessions = await Promise.all(Array.from({ length: 6 }, () => registerClient(t)));
    const answers = await refreshAll(sessions.map((s) => s.cookie));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect((await t.request('GET', '/api/health')).status).toBe(200);
    t.poolGuard.assertNoNestedAcquisition();
  });
});
