import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOT_ASSETS_ID, INTL_WARMUP_URL } from '../../common/prerendered-boot.ts';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import { callApi, logIn, logInApi, setUpScene } from './support.ts';

const scene = setUpScene();
let dossierId = '';

beforeAll(async () => {
  const client = await logInApi(scene.server, demoAccounts.client.email, demoAccounts.client.password);
  const dossiers = await callApi<{ items: { id: string }[] }>(scene.server, 'GET', '/api/dossiers', {
    token: client.accessToken,
  });
  dossierId = dossiers.items[0]!.id;
});

type Load = { warmups: Promise<void>[]; errors: string[] };

/** Watches a page: the Intl warm-up workers it starts (each settled once it has ended), and its errors. */
function watch(page: Page): Load {
  const load: Load = { warmups: [], errors: [] };
  page.on('worker', (worker) => {
    if (new URL(worker.url()).pathname !== INTL_WARMUP_URL) return;
    load.warmups.push(new Promise((resolve) => worker.on('close', () => resolve())));
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

describe('the Intl warm-up worker', () => {
  it('is started once by a page prerendered at build, and ends by itself', async () => {
    const page = await scene.newPage('prerendered');
    const load = watch(page);
    await loadApp(page, '/connexion');
    await expectOneWarmUpThatEnds(load);
  });

  it('is started once by a signed-in page rendered by the server, from its boot loader and not again by the app', async () => {
    const page = await scene.newPage('signed-in');
    await page.goto('/connexion');
    await logIn(page, demoAccounts.client.email, demoAccounts.client.password);
    await page.waitForURL(/\/espace$/);
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
