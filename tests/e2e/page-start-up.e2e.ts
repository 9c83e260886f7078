import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOT_ASSETS_ID, INTL_WARMUP_URL } from '../../common/prerendered-boot.ts';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import { callApi, eventually, holdBack, logIn, logInApi, setUpScene, text } from './support.ts';

const scene = setUpScene();
let dossierId = '';

beforeAll(async () => {
  const client = await logInApi(scene.server, demoAccounts.client.email, demoAccounts.client.password);
  const dossiers = await callApi<{ items: { id: string }[] }>(scene.server, 'GET', '/api/dossiers', {
    token: client.accessToken,
  });
  dossierId = dossiers.items[0]!.id;
});

type Load = { warmups: Promise<void>[]; stylesheets: string[]; errors: string[] };

/**
 * Watches a page: the Intl warm-up workers it starts (each settled once it has ended), the stylesheets it fetches,
 * and its errors.
 */
function watch(page: Page): Load {
  const load: Load = { warmups: [], stylesheets: [], errors: [] };
  page.on('worker', (worker) => {
    if (new URL(worker.url()).pathname !== INTL_WARMUP_URL) return;
    load.warmups.push(new Promise((resolve) => worker.on('close', () => resolve())));
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.css')) load.stylesheets.push(request.url());
  });
  page.on('pageerror', (error) => load.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') load.errors.push(message.text());
  });
  return load;
}

/** Loads a page and waits until the app has taken it over and asked for all it needed. */
async function loadApp(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
}

/** One warm-up worker was started, it has ended by itself, and the page logged or threw no error. */
async function expectOneWarmUpThatEnds(load: Load) {
  expect(load.warmups).toHaveLength(1);
  await Promise.all(load.warmups);
  expect(load.errors).toEqual([]);
}

/** Signs the demo client in through the login page (`prepare` sets the page up before it goes there). */
async function signedInPage(who: string, prepare?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await scene.newPage(who);
  await prepare?.(page);
  await page.goto('/connexion');
  await logIn(page, demoAccounts.client.email, demoAccounts.client.password);
  await page.waitForURL(/\/espace$/);
  return page;
}

/** The stylesheets that apply to the page, each by its rules' count; and whether the page is styled by them. */
const appliedStylesheets = (page: Page) =>
  page.evaluate<{ rules: number[]; styled: boolean }>(`({
    rules: [...document.styleSheets].filter((sheet) => !sheet.disabled).map((sheet) => sheet.cssRules.length),
    styled: getComputedStyle(document.querySelector('.sr-only')).position === 'absolute',
  })`);

describe('the Intl warm-up worker', () => {
  it('is started once by a page prerendered at build, and ends by itself', async () => {
    const page = await scene.newPage('prerendered');
    const load = watch(page);
    await loadApp(page, '/connexion');
    await expectOneWarmUpThatEnds(load);
  });

  it('is started once by a signed-in page rendered by the server, from its boot loader and not again by the app', async () => {
    const page = await signedInPage('signed-in');
    const load = watch(page);
    await loadApp(page, `/dossiers/${dossierId}`);
    expect(await page.locator(`#${BOOT_ASSETS_ID}`).count()).toBe(1);
    await expectOneWarmUpThatEnds(load);
  });

  it('is started once by the app on a page served as its shell', async () => {
    const page = await scene.newPage('shell');
    const load = watch(page);
    await loadApp(page, '/inscription');
    expect(await page.locator(`#${BOOT_ASSETS_ID}`).count()).toBe(0);
    await expectOneWarmUpThatEnds(load);
  });
});

describe('the stylesheet of a page rendered ahead', () => {
  it('is not fetched when the app loads a signed-in page’s module over it', async () => {
    const page = await signedInPage('signed-in stylesheet');
    const load = watch(page);
    const pageModule = page.waitForRequest((request) => /\/assets\/DossierPage-/.test(request.url()));
    await loadApp(page, `/dossiers/${dossierId}`);
    await pageModule;
    expect(load.stylesheets).toEqual([]);
    expect(await appliedStylesheets(page)).toEqual({ rules: [expect.any(Number)], styled: true });
  });

  it('is fetched once by a page served as its shell', async () => {
    const page = await scene.newPage('shell stylesheet');
    const load = watch(page);
    await loadApp(page, '/inscription');
    expect(load.stylesheets).toHaveLength(1);
    expect(await appliedStylesheets(page)).toEqual({ rules: [expect.any(Number)], styled: true });
  });
});

/**
 * Loads a page with the app's entry module held back: each control says it is unavailable until the entry is
 * released and the app has taken the page over, then it is available.
 */
async function expectUnavailableUntilTakenOver(page: Page, path: string, controls: Locator[]) {
  const entry = await holdBack(page, /\/assets\/index-[^/]+\.js$/);
  await page.goto(path, { waitUntil: 'commit' });
  for (const control of controls) await eventually(() => control.getAttribute('aria-disabled')).toBe('true');
  entry.release();
  for (const control of controls) await eventually(() => control.getAttribute('aria-disabled')).toBeNull();
}

describe('a signed-in page rendered by the server, before the app takes it over', () => {
  it('says its header’s buttons are unavailable, then makes them available', async () => {
    const page = await signedInPage('header before take-over');
    const header = page.locator('header');
    await expectUnavailableUntilTakenOver(
      page,
      `/dossiers/${dossierId}`,
      [/^Notifications/, /^Langue/, /^Se déconnecter/].map((name) => header.getByRole('button', { name })),
    );
  });

  it('says the admin dashboard’s period presets and chart legend are unavailable, then available', async () => {
    const page = await scene.newPage('admin dashboard before take-over');
    expect((await page.request.post('/api/auth/login', { data: demoAccounts.admin })).ok()).toBe(true);
    await expectUnavailableUntilTakenOver(page, '/admin', [
      page.getByRole('button', { name: '30 jours' }),
      page.getByRole('button', { name: 'Ouverts', exact: true }),
    ]);
  });

  it('says a message’s own controls and its attachment are unavailable, then available', async () => {
    const { accessToken: token } = await logInApi(
      scene.server,
      demoAccounts.client.email,
      demoAccounts.client.password,
    );
    const api = <T>(method: string, path: string, body?: unknown) =>
      callApi<T>(scene.server, method, path, { token, body });
    const conversationId = (await api<{ items: { id: string }[] }>('GET', '/api/conversations')).items[0]!.id;
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4\n%%EOF\n'], { type: 'application/pdf' }), 'releve-mars.pdf');
    const pdf = await api<{ id: string }>('POST', `/api/conversations/${conversationId}/attachments`, form);
    const body = `Relevé de mars joint ${randomUUID()}`;
    await api('POST', `/api/conversations/${conversationId}/messages`, {
      clientKey: randomUUID(),
      body,
      attachmentIds: [pdf.id],
    });
    const page = await signedInPage('message controls before take-over');
    const message = page.getByTestId('message').filter({ hasText: body });
    await expectUnavailableUntilTakenOver(page, `/messages/${conversationId}`, [
      message.getByRole('button', { name: 'Modifier' }),
      message.getByRole('button', { name: 'Supprimer' }),
      message.getByRole('button', { name: 'Télécharger releve-mars.pdf' }),
    ]);
  });
});

/** Whether the page's service worker is registered. */
const registered = (page: Page) =>
  page.evaluate<boolean>('navigator.serviceWorker.getRegistration().then((r) => r !== undefined)');

/** Presses a key that changes nothing every 300 ms for `ms`: a visitor busy with the page. */
async function keepBusy(page: Page, ms: number, check: () => Promise<boolean> = async () => false) {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    await page.keyboard.press('Shift');
    if (await check()) return true;
    await page.waitForTimeout(300);
  }
  return false;
}

describe('the service worker', () => {
  it('is registered once the app has taken a page rendered ahead over, not while it starts', async () => {
    const page = await scene.newPage('service worker after take-over');
    // The entry runs; the login page's own module, which the take-over waits for, is held back.
    const loginPage = await holdBack(page, /\/assets\/LoginPage-[^/]+\.js$/);
    await page.goto('/connexion');
    await loginPage.asked;
    // The install fetches every file of the app: it must not compete with the take-over.
    await page.waitForTimeout(1000);
    expect(await registered(page)).toBe(false);
    loginPage.release();
    await eventually(() => registered(page)).toBe(true);
  });

  it('waits until the visitor leaves the page alone, so that its install does not slow their next tap', async () => {
    const page = await scene.newPage('service worker when quiet');
    await loadApp(page, '/connexion');
    await keepBusy(page, 6000);
    expect(await registered(page)).toBe(false);
    await eventually(() => registered(page)).toBe(true);
  });

  it('is registered at once by enabling browser notifications, which need it', async () => {
    const page = await signedInPage('service worker for push');
    await page.context().grantPermissions(['notifications']);
    await page.goto('/notifications/preferences');
    // Allowed, not subscribed, and no worker yet: the state is known without it.
    await eventually(() => text(page.getByTestId('push-state'))).toBe('Désactivées.');
    // Not yet registered by a quiet moment: the click is what registers it.
    expect(await registered(page)).toBe(false);
    await page.getByRole('button', { name: 'Activer' }).click();
    expect(await keepBusy(page, 3000, () => registered(page))).toBe(true);
  });

  it('that cannot be registered holds nothing back: the push state shows and signing out ends', async () => {
    // As a browser that keeps no worker for this site does (a private window, a policy).
    const page = await signedInPage('service worker refused', (page) =>
      page.addInitScript(
        'navigator.serviceWorker.register = () => Promise.reject(new DOMException("Refused by the test", "SecurityError"))',
      ),
    );
    await page.goto('/notifications/preferences');
    await eventually(() => text(page.getByTestId('push-state'))).toMatch(
      /^(Désactivées|Les notifications sont bloquées)/,
    );
    await page.getByRole('button', { name: /^Se déconnecter/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
  });
});
