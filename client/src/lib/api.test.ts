import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerClient } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';

// Two tabs of one browser against the real server: each tab is its own instance of the api module, they share the
// browser's cookie jar, its Web Locks and its BroadcastChannels (Node provides both).
let t: TestApp;
let cookie = '';
const refreshCalls: number[] = [];
const realFetch = globalThis.fetch;

/** The browser's fetch: same-origin paths go to the test server, with the cookie jar. */
async function browserFetch(input: string | URL | Request, init: RequestInit = {}) {
  const path = String(input);
  if (!path.startsWith('/')) return realFetch(input, init);
  if (path === '/api/auth/refresh') refreshCalls.push(Date.now());
  const headers = new Headers(init.headers);
  if (cookie && path.startsWith('/api/auth/')) headers.set('cookie', cookie);
  const res = await realFetch(`${t.baseUrl}${path}`, { ...init, headers });
  const set = res.headers.getSetCookie().find((c) => c.startsWith('ft_refresh='));
  if (set) cookie = /ft_refresh=;/.test(set) ? '' : set.split(';')[0]!;
  return res;
}

async function openTab() {
  vi.resetModules();
  return import('./api.ts');
}

beforeAll(async () => {
  t = await startTestApp();
  vi.stubGlobal('fetch', browserFetch);
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await t.close();
});

describe('renewing the session from several tabs', () => {
  it('sends one renewal to the server when two tabs renew at once, and both get the session', async () => {
    const session = await registerClient(t);
    cookie = session.cookie;
    const [first, second] = [await openTab(), await openTab()];
    refreshCalls.length = 0;
    const [a, b] = await Promise.all([first.refreshSession(), second.refreshSession()]);
    expect(refreshCalls).toHaveLength(1);
    expect(a?.user.id).toBe(session.user.id);
    expect(b?.accessToken).toBe(a?.accessToken);
    expect(second.getAccessToken()).toBe(first.getAccessToken());
    expect((await t.request('GET', '/api/me', { token: second.getAccessToken()! })).status).toBe(200);
  });

  it('keeps the user signed in: the cookie left behind still renews', async () => {
    const session = await registerClient(t);
    cookie = session.cookie;
    const [first, second] = [await openTab(), await openTab()];
    await Promise.all([first.refreshSession(), second.refreshSession(), first.refreshSession()]);
    expect(await second.refreshSession()).not.toBeNull();
  });

  it('shares one renewal between concurrent callers of a tab', async () => {
    const session = await registerClient(t);
    cookie = session.cookie;
    const tab = await openTab();
    refreshCalls.length = 0;
    const results = await Promise.all([tab.refreshSession(), tab.refreshSession(), tab.refreshSession()]);
    expect(refreshCalls).toHaveLength(1);
    expect(new Set(results.map((r) => r?.accessToken)).size).toBe(1);
  });
});

describe('a renewal the server cannot answer', () => {
  // The browser's network again after each test, whatever it stood in for.
  afterEach(() => {
    vi.stubGlobal('fetch', browserFetch);
  });

  it('says the server was unreachable, not that the session ended, and the session renews once it is back', async () => {
    const session = await registerClient(t);
    cookie = session.cookie;
    const tab = await openTab();
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await tab.renewSession()).toEqual({ session: null, unreachable: true });
    vi.stubGlobal('fetch', browserFetch);
    const renewed = await tab.renewSession();
    expect(renewed.unreachable).toBe(false);
    expect(renewed.session?.user.id).toBe(session.user.id);
  });

  it('takes a failing server for an unreachable one', async () => {
    cookie = (await registerClient(t)).cookie;
    const tab = await openTab();
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 503 }));
    expect(await tab.renewSession()).toEqual({ session: null, unreachable: true });
  });

  it('says the session ended when the server refuses it', async () => {
    cookie = 'ft_refresh=forged';
    const tab = await openTab();
    expect(await tab.renewSession()).toEqual({ session: null, unreachable: false });
  });
});
