import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import { callApi, logIn, logInApi, setUpScene } from './support.ts';

const scene = setUpScene();

/**
 * Cumulative layout shift of a fresh load of `path` (shifts right after input excluded, as browsers do), every API
 * answer held back a little as on a slow network, so that what arrives late arrives after the first paint.
 */
async function layoutShiftOf(page: Page, path: string): Promise<number> {
  await page.route('**/api/**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await route.continue();
  });
  // A script string: this file is typed for Node, the code runs in the page.
  await page.addInitScript(`
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  `);
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1000);
  return page.evaluate<number>('window.shifts.reduce((sum, value) => sum + value, 0)');
}

const desktop = { width: 1350, height: 940 };
const phone = { width: 412, height: 823 };

async function signedIn(who: 'client' | 'admin', screen = desktop): Promise<Page> {
  const page = await scene.newPage(who, screen);
  await page.goto('/connexion');
  await logIn(page, demoAccounts[who].email, demoAccounts[who].password);
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
  return page;
}

// Content arriving after the first paint (the product catalogue, a dossier's conversation, lists) used to push
// what was already on screen, the footer included (desktop CLS 0.03-0.06 here, 0.16-0.84 under Lighthouse).
async function firstDossierId(): Promise<string> {
  const { accessToken } = await logInApi(
    scene.server,
    demoAccounts.client.email,
    demoAccounts.client.password,
  );
  const { items } = await callApi<{ items: { id: string }[] }>(scene.server, 'GET', '/api/dossiers', {
    token: accessToken,
  });
  return items[0]!.id;
}

describe('layout stability on desktop', () => {
  it('the marketplace does not move as its filters and results arrive', async () => {
    const page = await scene.newPage('visitor', desktop);
    expect(await layoutShiftOf(page, '/experts')).toBeLessThan(0.01);
  });

  it('a dossier does not move as its conversation arrives', async () => {
    const page = await signedIn('client');
    expect(await layoutShiftOf(page, `/dossiers/${await firstDossierId()}`)).toBeLessThan(0.01);
  });

  it('the admin users page does not move as the list arrives', async () => {
    const page = await signedIn('admin');
    expect(await layoutShiftOf(page, '/admin/utilisateurs')).toBeLessThan(0.01);
  });

  it('the admin dashboard does not move as its figures arrive', async () => {
    const page = await signedIn('admin');
    expect(await layoutShiftOf(page, '/admin')).toBeLessThan(0.01);
  });
});

// On a phone the session's restoring swapped a visitor's tabs for the user's, an admin's header wrapped onto a second
// line once its buttons arrived, and a dossier's steps arrived above its actions (Lighthouse mobile CLS 0.04-0.2).
describe('layout stability on a phone', () => {
  it("the tab bar does not change under the user's eyes as the session is restored", async () => {
    const page = await signedIn('client', phone);
    expect(await layoutShiftOf(page, '/espace')).toBeLessThan(0.01);
  });

  it('a dossier does not move as its steps arrive', async () => {
    const page = await signedIn('client', phone);
    expect(await layoutShiftOf(page, `/dossiers/${await firstDossierId()}`)).toBeLessThan(0.01);
  });

  it("an admin's header keeps to one line as its buttons arrive", async () => {
    const page = await signedIn('admin', phone);
    expect(await layoutShiftOf(page, '/admin')).toBeLessThan(0.01);
  });
});
