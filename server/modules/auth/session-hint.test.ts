import { describe, expect, it } from 'vitest';
import { SESSION_HINT_COOKIE } from '../../../common/session.ts';
import { clientInput, PASSWORD, refreshCookie, registerClient } from '../../../tests/support/factories.ts';
import { startedApp } from '../../../tests/support/test-app.ts';
import { PAGE_SESSION_COOKIE } from './auth.routes.ts';

const t = startedApp();

/** The Set-Cookie header of one cookie, if the response sets it. */
const setCookie = (headers: Headers, name: string) =>
  headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
const expiresOf = (cookie: string | undefined) => /Expires=([^;]+)/i.exec(cookie ?? '')?.[1];

describe('the session hint cookie', () => {
  it('is set with the refresh cookie, readable by the page, for the whole site, and expires with it', async () => {
    const res = await t.request('POST', '/api/auth/register', { body: clientInput() });
    const hint = setCookie(res.headers, SESSION_HINT_COOKIE);
    expect(hint).toMatch(new RegExp(`^${SESSION_HINT_COOKIE}=1;`));
    expect(hint).not.toMatch(/HttpOnly/i);
    expect(hint).toMatch(/Path=\/(;|$)/);
    expect(hint).toMatch(/SameSite=Strict/i);
    expect(expiresOf(hint)).toBe(expiresOf(setCookie(res.headers, 'ft_refresh')));
  });

  it('is set again on sign-in and on each renewal', async () => {
    const { user } = await registerClient(t);
    const signedIn = await t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    expect(setCookie(signedIn.headers, SESSION_HINT_COOKIE)).toMatch(/=1;/);
    const renewed = await t.request('POST', '/api/auth/refresh', { cookie: refreshCookie(signedIn.headers) });
    expect(renewed.status).toBe(200);
    expect(setCookie(renewed.headers, SESSION_HINT_COOKIE)).toMatch(/=1;/);
  });

  it('is cleared when the session cannot be renewed', async () => {
    const res = await t.request('POST', '/api/auth/refresh', { cookie: 'ft_refresh=forged' });
    expect(res.status).toBe(401);
    expect(setCookie(res.headers, SESSION_HINT_COOKIE)).toMatch(
      new RegExp(`^${SESSION_HINT_COOKIE}=;.*Expires=Thu, 01 Jan 1970`),
    );
  });

  it('is cleared on logout', async () => {
    const session = await registerClient(t);
    const res = await t.request('POST', '/api/auth/logout', { cookie: session.cookie });
    expect(res.status).toBe(204);
    expect(setCookie(res.headers, SESSION_HINT_COOKIE)).toMatch(new RegExp(`^${SESSION_HINT_COOKIE}=;`));
  });
});

describe('the page credential cookie', () => {
  it('is set with the refresh cookie, out of the page’s reach, for the whole site, and expires with it', async () => {
    const res = await t.request('POST', '/api/auth/register', { body: clientInput() });
    const page = setCookie(res.headers, PAGE_SESSION_COOKIE);
    expect(page).toMatch(/HttpOnly/i);
    expect(page).toMatch(/Path=\/(;|$)/);
    expect(page).toMatch(/SameSite=Strict/i);
    expect(expiresOf(page)).toBe(expiresOf(setCookie(res.headers, 'ft_refresh')));
  });

  it('names the same session on sign-in and on each renewal', async () => {
    const { user } = await registerClient(t);
    const signedIn = await t.request('POST', '/api/auth/login', {
      body: { email: user.email, password: PASSWORD },
    });
    const renewed = await t.request('POST', '/api/auth/refresh', { cookie: refreshCookie(signedIn.headers) });
    const credentialIn = (headers: Headers) => setCookie(headers, PAGE_SESSION_COOKIE)?.split(';')[0];
    expect(credentialIn(renewed.headers)).toBe(credentialIn(signedIn.headers));
  });

  it('is cleared on logout', async () => {
    const session = await registerClient(t);
    const res = await t.request('POST', '/api/auth/logout', { cookie: session.cookie });
    expect(setCookie(res.headers, PAGE_SESSION_COOKIE)).toMatch(new RegExp(`^${PAGE_SESSION_COOKIE}=;`));
  });
});
