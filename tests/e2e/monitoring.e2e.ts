import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdmin, PASSWORD, type Session } from '../support/factories.ts';
import type { TestApp } from '../support/test-app.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import { eventually, launchBrowser, logIn, screenshotAll, text } from './support.ts';

let app: InProcessApp;
let t: TestApp;
let browser: Browser;
let page: Page;
const pages: Record<string, Page> = {};
let admin: Session;

beforeAll(async () => {
  app = await startInProcessApp('monitoring');
  t = app.t;
  admin = await createAdmin(t);
  browser = await launchBrowser();
  const context = await browser.newContext({
    baseURL: t.baseUrl,
    locale: 'fr-FR',
    viewport: { width: 360, height: 780 },
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  pages.admin = page;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

describe('the performance page', () => {
  it('shows the timings of the routes the admin just used, on a 360 px screen', async () => {
    await page.goto('/admin/performances');
    await page.waitForURL(/\/connexion/);
    await logIn(page, admin.user.email, PASSWORD);
    await page.waitForURL((u) => u.pathname === '/admin/performances');
    const routes = page.getByRole('table', { name: 'Temps de réponse par route sur la période' });
    await eventually(() => text(routes)).toContain('/api/admin/monitoring');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('switches to the last 24 hours', async () => {
    await page.getByRole('button', { name: 'Dernières 24 heures' }).click();
    await page.waitForURL(/periode=day/);
    await expect
      .poll(() => page.getByRole('button', { name: 'Dernières 24 heures' }).getAttribute('aria-pressed'))
      .toBe('true');
    await eventually(() => text(page.getByRole('table', { name: /Temps de réponse par route/ }))).toContain(
      '/api/admin/monitoring',
    );
  });

  it('lists the slowest statements from pg_stat_statements when the server loads it', async (ctx) => {
    const { rows } = await sql<{
      libs: string;
    }>`SELECT current_setting('shared_preload_libraries') AS libs`.execute(t.db);
    // The embedded server loads it; another server may not (the next test covers that case on any server).
    if (!rows[0]!.libs.includes('pg_stat_statements')) ctx.skip();
    await page.reload();
    await eventually(() => text(page.locator('main'))).toContain('Source : pg_stat_statements');
    await eventually(() => text(page.getByRole('table', { name: 'Requêtes SQL les plus lentes' }))).toContain(
      'SELECT',
    );
  });

  it('says the slowest queries come from the route timings when pg_stat_statements is not installed', async () => {
    await sql`DROP EXTENSION IF EXISTS pg_stat_statements`.execute(t.db);
    await page.reload();
    await eventually(() => text(page.locator('main'))).toContain('pg_stat_statements n’est pas installé');
  });
});
