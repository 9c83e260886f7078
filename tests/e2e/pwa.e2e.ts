import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import {
  callApi,
  eventually,
  launchBrowser,
  logInApi,
  type RunningServer,
  screenshotAll,
  startServer,
  text,
} from './support.ts';

/** This file's own server: the last test stops it, to load the app with no server at all. */
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const pages: Record<string, Page> = {};
let conversationId = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ baseURL: server.baseUrl, locale: 'fr-FR' });
  const client = await logInApi(server, demoAccounts.client.email, demoAccounts.client.password);
  const conversations = await callApi<{ items: { id: string }[] }>(server, 'GET', '/api/conversations', {
    token: client.accessToken,
  });
  conversationId = conversations.items[0]!.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});
beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

async function newPage(name: string) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  pages[name] = page;
  return page;
}

/** The paths the service worker's caches hold, cache by cache. */
const cachedPaths = (page: Page) =>
  page.evaluate<Record<string, string[]>>(`(async () => {
    const byCache = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      byCache[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
    }
    return byCache;
  })()`);

const messagesWith = async (body: string) => {
  const client = await logInApi(server, demoAccounts.client.email, demoAccounts.client.password);
  const page = await callApi<{ items: { body: string }[] }>(
    server,
    'GET',
    `/api/conversations/${conversationId}/messages?limit=50`,
    { token: client.accessToken },
  );
  return page.items.filter((m) => m.body === body).length;
};

describe('installable app with an offline shell', () => {
  it('serves a manifest with the icons Chromium asks for to install the app', async () => {
    const page = await newPage('landing');
    await page.goto('/');
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const response = await fetch(new URL(manifestHref!, server.baseUrl));
    const manifest = (await response.json()) as { icons: { src: string; type: string }[] };
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/', lang: 'fr' });
    for (const icon of manifest.icons.filter((i) => i.type === 'image/png')) {
      const image = await fetch(new URL(icon.src, server.baseUrl));
      expect(image.headers.get('content-type'), icon.src).toBe('image/png');
    }
    // Chromium's own verdict; a test's browser context is incognito, where nothing installs, whatever the site.
    const cdp = await context.newCDPSession(page);
    const installabilityErrors = async () =>
      (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors
        .map((e) => e.errorId)
        .filter((id) => id !== 'in-incognito');
    await eventually(installabilityErrors).toEqual([]);
  });

  it('installs its service worker, which caches the shell, its files and the offline page', async () => {
    const page = pages.landing!;
    const sw = await fetch(new URL('/sw.js', server.baseUrl));
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await eventually(() => page.evaluate<boolean>('navigator.serviceWorker.controller !== null')).toBe(true);
    await eventually(async () => Object.values(await cachedPaths(page)).flat()).toEqual(
      expect.arrayContaining(['/index.html', '/offline.html', '/manifest.webmanifest', '/intl-warmup.js']),
    );
    const shellScripts = (await cachedPaths(page))['ft-shell-v1']!.filter((p) =>
      /^\/assets\/.+\.js$/.test(p),
    );
    const entry = await page.locator('script[type="module"]').getAttribute('src');
    expect(shellScripts).toContain(entry);
    // The lazily loaded pages too, so that any page of the app opens offline.
    expect(shellScripts.length).toBeGreaterThan(5);
  });

  it('keeps a message written offline, across a reload, and sends it once when back online', async () => {
    await context.request.post('/api/auth/login', { data: demoAccounts.client });
    const page = await newPage('messaging');
    await page.goto(`/messages/${conversationId}`);
    await page.getByTestId('message').first().waitFor();
    const box = page.getByRole('textbox', { name: 'Votre message' });

    await context.setOffline(true);
    await eventually(() => text(page.getByRole('status').filter({ hasText: 'hors ligne' }))).toContain(
      'Vous êtes hors ligne',
    );
    const written = `Écrit hors ligne ${randomUUID().slice(0, 8)}`;
    await box.fill(written);
    await box.press('Enter');
    const pending = page.getByTestId('message-outgoing').filter({ hasText: written });
    await eventually(() => text(pending.getByTestId('waiting-for-network'))).toContain(
      'ce message partira dès le retour du réseau',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await messagesWith(written)).toBe(0);

    // A reload while the network is back: the message was kept on the device and leaves at once.
    await context.setOffline(false);
    await page.reload();
    const delivered = page.getByTestId('message').filter({ hasText: written });
    await eventually(() => delivered.count()).toBe(1);
    await eventually(() => page.getByTestId('message-outgoing').count()).toBe(0);
    expect(
      await page.evaluate<string[]>("Object.keys(localStorage).filter((k) => k.startsWith('ft.outbox.'))"),
    ).toEqual([]);

    // Without a reload: the message leaves when the browser says the network is back.
    await context.setOffline(true);
    const second = `Toujours hors ligne ${randomUUID().slice(0, 8)}`;
    await box.fill(second);
    await box.press('Enter');
    await page
      .getByTestId('message-outgoing')
      .filter({ hasText: second })
      .getByTestId('waiting-for-network')
      .waitFor();
    await context.setOffline(false);
    await eventually(() => page.getByTestId('message').filter({ hasText: second }).count()).toBe(1);
    await eventually(() => messagesWith(second)).toBe(1);
    expect(await messagesWith(written)).toBe(1);
  });

  it('with the server stopped, opens the app from its cached shell, and the offline page for the rest', async () => {
    await server.stop();
    const page = await newPage('server-stopped');
    await page.goto('/experts');
    await eventually(() => text(page.getByRole('navigation', { name: 'Navigation principale' }))).toContain(
      'Experts',
    );
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').waitFor();

    await page.goto('/api/docs');
    await eventually(() => text(page.getByRole('heading', { level: 1 }))).toBe('Vous êtes hors ligne');
    await page.getByRole('heading', { name: 'You are offline' }).waitFor();
  });
});
