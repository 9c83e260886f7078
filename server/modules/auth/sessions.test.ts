import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  login,
  PASSWORD,
  refreshCookie,
  registerClient,
  type Session,
} from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import type { DomainEvents } from '../../platform/events.ts';

let t: TestApp;
let revoked: DomainEvents['auth.sessions_revoked'][] = [];
beforeAll(async () => {
  t = await startTestApp();
  t.app.services.events.subscribe('auth.sessions_revoked', (event) => {
    revoked.push(event);
  });
});
afterEach(() => {
  revoked = [];
});
afterAll(() => t.close());

const DAY = 86_400_000;
const sid = (token: string) => decodeJwt(token).sid;
/** What is announced when `session`'s own session ends for `reason`. */
const ownSessionEnded = (session: Session, reason: string) => ({
  userId: session.user.id,
  sessionIds: [sid(session.token)],
  keepSessionId: null,
  reason,
  at: expect.any(Date),
});
const refresh = (cookie: string) => t.request('POST', '/api/auth/refresh', { cookie });
const changePassword = (session: Session, newPassword = 'Another-Password-7') =>
  t.request('POST', '/api/me/password', {
    token: session.token,
    body: { currentPassword: PASSWORD, newPassword },
  });

describe('session id in access tokens', () => {
  it('names the refresh family, and keeps naming it across refreshes', async () => {
    const session = await registerClient(t);
    const family = sid(session.token);
    expect(family).toEqual(expect.any(String));
    const renewed = await refresh(session.cookie);
    expect(renewed.status).toBe(200);
    expect(sid(renewed.body.accessToken)).toBe(family);
    const other = await login(t, session.user.email);
    expect(sid(other.token)).not.toBe(family);
  });
});

describe('password change', () => {
  it('ends every other session of the user and keeps the one that changed it', async () => {
    const session = await registerClient(t);
    const laptop = await login(t, session.user.email);
    const phone = await login(t, session.user.email);
    expect((await changePassword(laptop)).status).toBe(204);
    expect((await refresh(session.cookie)).status).toBe(401);
    expect((await refresh(phone.cookie)).status).toBe(401);
    expect((await refresh(laptop.cookie)).status).toBe(200);
  });

  it('does not touch the sessions of other users', async () => {
    const session = await registerClient(t);
    const someoneElse = await registerClient(t);
    expect((await changePassword(session)).status).toBe(204);
    expect((await refresh(someoneElse.cookie)).status).toBe(200);
  });

  it('announces the ended sessions after commit, naming the one kept', async () => {
    const session = await registerClient(t);
    expect((await changePassword(session)).status).toBe(204);
    expect(revoked).toEqual([
      {
        userId: session.user.id,
        sessionIds: null,
        keepSessionId: sid(session.token),
        reason: 'password_changed',
        at: expect.any(Date),
      },
    ]);
  });

  it('announces nothing when the current password is wrong', async () => {
    const session = await registerClient(t);
    const wrong = await t.request('POST', '/api/me/password', {
      token: session.token,
      body: { currentPassword: 'not-it-123', newPassword: 'Another-Password-7' },
    });
    expect(wrong.status).toBe(400);
    expect(revoked).toEqual([]);
    expect((await refresh(session.cookie)).status).toBe(200);
  });
});

describe('logout and refresh reuse', () => {
  it('logout announces the end of that session only', async () => {
    const session = await registerClient(t);
    await login(t, session.user.email);
    expect((await t.request('POST', '/api/auth/logout', { cookie: session.cookie })).status).toBe(204);
    expect(revoked).toEqual([ownSessionEnded(session, 'logout')]);
  });

  it('a reused refresh token announces the end of its session', async () => {
    const session = await registerClient(t);
    expect((await refresh(session.cookie)).status).toBe(200);
    t.clock.advance(60_000);
    expect((await refresh(session.cookie)).status).toBe(401);
    expect(revoked).toEqual([ownSessionEnded(session, 'refresh_reuse')]);
  });
});

describe('absolute session lifetime', () => {
  it('cannot be renewed 90 days after sign-in, however often it was refreshed', async () => {
    const session = await registerClient(t);
    let cookie = session.cookie;
    for (let day = 0; day < 3; day++) {
      t.clock.advance(29 * DAY);
      const renewed = await refresh(cookie);
      expect(renewed.status).toBe(200);
      cookie = refreshCookie(renewed.headers);
    }
    // Day 87: still within 90 days, but the cookie now expires with the session, not 30 days later.
    const renewed = await refresh(cookie);
    const expires = renewed.headers
      .getSetCookie()
      .join(';')
      .match(/Expires=([^;]+)/i)?.[1];
    expect(new Date(expires!).getTime()).toBeLessThanOrEqual(t.clock.now().getTime() + 3 * DAY + 1000);
    t.clock.advance(3 * DAY);
    expect((await refresh(refreshCookie(renewed.headers))).status).toBe(401);
  });
});

describe('two tabs refreshing at once', () => {
  it('gives the same new session to a just-rotated token presented again within the grace window', async () => {
    const session = await registerClient(t);
    const first = await refresh(session.cookie);
    t.clock.advance(3_000);
    const second = await refresh(session.cookie);
    expect(second.status).toBe(200);
    expect(refreshCookie(second.headers)).toBe(refreshCookie(first.headers));
    expect((await t.request('GET', '/api/me', { token: second.body.accessToken })).status).toBe(200);
    expect(revoked).toEqual([]);
    // That session goes on as one.
    expect((await refresh(refreshCookie(second.headers))).status).toBe(200);
  });

  it('answers concurrent refreshes of one token with one session', async () => {
    const session = await registerClient(t);
    const answers = await Promise.all([1, 2, 3].map(() => refresh(session.cookie)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => refreshCookie(a.headers))).size).toBe(1);
  });

  it('still treats the token as stolen after the grace window, and ends the session', async () => {
    const session = await registerClient(t);
    const first = await refresh(session.cookie);
    t.clock.advance(11_000);
    expect((await refresh(session.cookie)).status).toBe(401);
    expect((await refresh(refreshCookie(first.headers))).status).toBe(401);
  });

  it('still treats the token as stolen once its successor was itself used', async () => {
    const session = await registerClient(t);
    const first = await refresh(session.cookie);
    expect((await refresh(refreshCookie(first.headers))).status).toBe(200);
    expect((await refresh(session.cookie)).status).toBe(401);
  });
});
