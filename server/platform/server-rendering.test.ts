import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_QUERIES_ID } from '../../common/page-html.ts';
import { SESSION_HINT_COOKIE } from '../../common/session.ts';
import { approvedExpert, clientInput, createAdmin, type Session } from '../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';

const shell = `<!doctype html><html><head>
<script type="module" crossorigin src="/assets/index-abc.js"></script>
<link rel="stylesheet" crossorigin href="/assets/index-def.css">
</head><body><div id="root"></div></body></html>`;

/**
 * A rendering module as the build leaves it beside the client: it renders /experts with the API's experts. Like
 * the real one (client/src/lib/api.ts), it keeps the last transport it was given for all its renderings.
 */
const renderer = `
let renders = 0;
let transport;
export const isServerRendered = (pathname, signedIn) =>
  pathname === '/experts' || pathname === '/en-panne' || (signedIn && pathname === '/espace');
export async function renderWithData(url, send, user) {
  transport = send;
  if (url === '/en-panne') throw new Error('the renderer failed');
  if (url.includes('lent')) await new Promise((resolve) => setTimeout(resolve, 100));
  if (url.includes('trop-lent')) await new Promise((resolve) => setTimeout(resolve, 2300));
  renders += 1;
  if (url === '/espace') {
    const me = await (await transport('/api/me')).json();
    return { html: '<h1>' + user.firstName + ' ' + me.email + '</h1>', queries: { queries: [] } };
  }
  const experts = await (await transport('/api/experts')).json();
  const visitor = user ? ' pour ' + user.firstName : '';
  return {
    html: '<h1>' + experts.items.map((e) => e.lastName).join(', ') + '</h1><p>rendu n° ' + renders + visitor + '</p>',
    queries: { queries: [{ queryKey: ['experts', url], state: { data: experts } }] },
  };
}`;

let dir: string;
let t: TestApp;
let admin: Session;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ft-rendering-'));
  const dist = path.join(dir, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await mkdir(`${dist}-ssr`);
  await writeFile(path.join(dist, 'index.html'), shell);
  await writeFile(path.join(dist, 'assets', 'index-def.css'), 'h1 { color: navy }');
  await writeFile(path.join(`${dist}-ssr`, 'prerender.js'), renderer);
  // Visitors told apart by the address a proxy on this machine forwards.
  t = await startTestApp({ trustProxy: ['loopback'] }, { clientDir: dist });
  admin = await createAdmin(t);
  await approvedExpert(t, admin, { lastName: 'Rendulebrun' });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const page = (url: string, headers: Record<string, string> = {}) =>
  t.request('GET', url, { headers: { 'accept-encoding': 'br, gzip', ...headers } });

describe('pages the server renders with their data', () => {
  it('answers an anonymous visitor with the page and the API’s data in it', async () => {
    const res = await page('/experts');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<div id="root"><h1>Rendulebrun<\/h1><p>rendu n° \d+<\/p><\/div>/);
  });

  it('carries the queries the page was rendered with, for the app to start from', async () => {
    const res = await page('/experts');
    const json = new RegExp(`<script type="application/json" id="${PAGE_QUERIES_ID}">(.*?)</script>`).exec(
      String(res.body),
    )?.[1];
    const state = JSON.parse(json!) as { queries: { state: { data: { items: { lastName: string }[] } } }[] };
    expect(state.queries[0]!.state.data.items.map((e) => e.lastName)).toEqual(['Rendulebrun']);
  });

  it('sends the page compressed and revalidated on every visit', async () => {
    const res = await page('/experts');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves a page rendered moments ago to the next visitor of its address, and renders it again later', async () => {
    const rendering = async (url: string) => /rendu n° (\d+)/.exec(String((await page(url)).body))?.[1];
    const first = await rendering('/experts?region=bretagne');
    expect(await rendering('/experts?region=bretagne')).toBe(first);
    expect(await rendering('/experts?region=normandie')).not.toBe(first);
    t.clock.advance(10_000);
    expect(await rendering('/experts?region=bretagne')).not.toBe(first);
  });

  it('asks the API from the address of the visitor whose page it renders, while renderings overlap', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const remaining = async (address: string) =>
      Number(
        (await t.request('GET', '/api/experts', { headers: from(address) })).headers.get(
          'x-ratelimit-remaining',
        ),
      );
    const before = await remaining('203.0.113.1');
    await Promise.all([
      page('/experts?lent=1', from('203.0.113.1')),
      new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
        page('/experts?vite=1', from('203.0.113.2')),
      ),
    ]);
    // The direct request above, the slow rendering's, and this one: all three from 203.0.113.1.
    expect(await remaining('203.0.113.1')).toBe(before - 2);
  });

  it('answers a visitor whose hint says signed in, without a page credential, with the app’s shell', async () => {
    const res = await page('/experts', { cookie: `${SESSION_HINT_COOKIE}=1` });
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('answers a page it does not render with the shell', async () => {
    const res = await page('/espace');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('answers with the shell, not an error, when rendering fails', async () => {
    const res = await page('/en-panne');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('answers with the shell, without waiting longer, when rendering takes more than 2 s', async () => {
    const started = performance.now();
    const res = await page('/experts?trop-lent');
    expect(performance.now() - started).toBeLessThan(2300);
    expect(res.body).toContain('<div id="root"></div>');
    // The rendering goes on to its end: the next test starts without it.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  it('counts on /metrics the pages rendered, too slow and failed, and times the renderings', async () => {
    const before = await renderMetrics();
    await page('/experts?compte=1');
    await page('/experts?trop-lent&compte=2');
    await page('/en-panne');
    // The slow rendering is timed once it ends.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await renderMetrics();
    expect(after.rendered - before.rendered).toBe(1);
    expect(after.timeout - before.timeout).toBe(1);
    expect(after.failed - before.failed).toBe(1);
    expect(after.timed - before.timed).toBe(2);
  });
});

/** The renderings counted on /metrics so far, by outcome, and how many were timed. */
async function renderMetrics() {
  const text = String((await t.request('GET', '/metrics')).body);
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    rendered: value(/^page_renders_total\{outcome="rendered"\} (\d+)$/m),
    timeout: value(/^page_renders_total\{outcome="timeout"\} (\d+)$/m),
    failed: value(/^page_renders_total\{outcome="failed"\} (\d+)$/m),
    timed: value(/^page_render_duration_seconds_count (\d+)$/m),
  };
}

/** The cookies a sign-in leaves in a browser, as a `Cookie` header value. */
async function signIn(firstName: string): Promise<string> {
  return (await registered(firstName)).cookie;
}

async function registered(firstName: string): Promise<{ userId: string; cookie: string }> {
  const res = await t.request('POST', '/api/auth/register', { body: clientInput({ firstName }) });
  expect(res.status).toBe(201);
  const cookie = res.headers
    .getSetCookie()
    .map((set) => set.split(';')[0])
    .join('; ');
  return { userId: res.body.user.id, cookie };
}

describe('pages the server renders for a signed-in visitor', () => {
  it('renders the visitor’s page with the API answering as to them', async () => {
    const cookie = await signIn('Solène');
    const res = await page('/espace', { cookie });
    expect(res.body).toMatch(/<div id="root"><h1>Solène client\.[\w-]+@test\.fr<\/h1><\/div>/);
  });

  it('keeps the visitor’s page out of every cache', async () => {
    const res = await page('/espace', { cookie: await signIn('Solène') });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('vary')).toMatch(/cookie/i);
  });

  it('never answers one visitor with the page rendered for another', async () => {
    const [first, second] = await Promise.all([signIn('Anouk'), signIn('Bastien')]);
    const [a, b] = await Promise.all([
      page('/experts', { cookie: first }),
      page('/experts', { cookie: second }),
    ]);
    expect(a.body).toContain('pour Anouk');
    expect(b.body).toContain('pour Bastien');
    expect(String((await page('/experts')).body)).not.toMatch(/pour (Anouk|Bastien)/);
  });

  it('answers with the shell once the visitor’s session has ended', async () => {
    const cookie = await signIn('Solène');
    const refresh = cookie.split('; ').find((c) => c.startsWith('ft_refresh='));
    expect((await t.request('POST', '/api/auth/logout', { cookie: refresh })).status).toBe(204);
    expect((await page('/espace', { cookie })).body).toContain('<div id="root"></div>');
  });

  it('answers with the shell once the visitor is suspended', async () => {
    const client = await registered('Solène');
    const suspended = await t.request('POST', `/api/admin/users/${client.userId}/suspend`, {
      token: admin.token,
      body: { reason: 'Fraude suspectée' },
    });
    expect(suspended.status).toBe(200);
    expect((await page('/espace', { cookie: client.cookie })).body).toContain('<div id="root"></div>');
  });

  it('answers with the shell when the page credential was not signed by the server', async () => {
    const cookie = (await signIn('Solène')).replace(/ft_page=([\w-]+)\.[\w-]+/, 'ft_page=$1.Zm9yZ2Vk');
    expect((await page('/espace', { cookie })).body).toContain('<div id="root"></div>');
  });
});
