import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AdminMetrics } from '../../common/admin-metrics.ts';
import { createAdmin, createDossier, PASSWORD, registerClient, type Session } from '../support/factories.ts';
import type { TestApp } from '../support/test-app.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import {
  eventually,
  holdBack,
  launchBrowser,
  logIn,
  screenshotAll,
  sidewaysOverflow,
  text,
  wcagViolations,
} from './support.ts';

let app: InProcessApp;
let t: TestApp;
let browser: Browser;
const pages: Record<string, Page> = {};
let admin: Session;
let client: Session;
let ticpeName = '';
let page: Page;

beforeAll(async () => {
  app = await startInProcessApp('dashboard');
  t = app.t;
  admin = await createAdmin(t);
  // A company has one open dossier per product: two companies hold the first two, the third opens one live.
  for (let i = 0; i < 2; i++) await createDossier(t, await registerClient(t), 'TICPE');
  client = await registerClient(t);
  const products = await t.request('GET', '/api/products');
  ticpeName = (products.body.items as { code: string; name: string }[]).find((p) => p.code === 'TICPE')!.name;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

/** The figures the API gives for the dashboard's default period (the last 30 days, Paris days). */
async function defaultPeriodMetrics(): Promise<AdminMetrics> {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 29);
  const from = start.toISOString().slice(0, 10);
  const res = await t.request('GET', `/api/admin/metrics?from=${from}&to=${today}&groupBy=day`, {
    token: admin.token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as AdminMetrics;
}

const kpi = (testId: string) => page.getByTestId(testId).getByTestId('kpi-value');
const productBar = () => page.getByTestId('product-bars').locator('li[data-key="TICPE"]');
/** The time series of dossiers opened and closed: a slider over its days. */
const seriesChart = (on: Page = page) => on.getByTestId('chart-dossiers').getByRole('slider');
const seriesTooltip = (on: Page = page) => on.getByTestId('chart-tooltip');
// The time series' last day as a screen reader hears it (its line alone may not move: the scale follows the data).
const lastDayText = () => seriesChart().getAttribute('aria-valuetext');

/**
 * The time series' toggle for its table is a button, which answers once the app has taken the page over, or has
 * started to: a chart not yet seen holds what its buttons are given until it takes the chart over (ui/untilSeen.ts).
 */
const takenOver = (on: Page) =>
  on
    .getByTestId('chart-dossiers')
    .getByRole('button', { name: 'Tableau' })
    .and(on.locator(':not([aria-disabled])'))
    .waitFor();

/** Two frames of the page: what the browser does after a scroll or a key (hover, render) has been done. */
const twoFrames = () =>
  page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');

/** The dashboard, rendered ahead by the server, once the app has taken it over: keys and pointer then act. */
async function backToDashboard() {
  await page.goto('/admin');
  await page.getByTestId('kpi-opened').waitFor();
  await takenOver(page);
}

describe('the admin dashboard', () => {
  it('an admin lands on it after signing in, with the period’s figures', async () => {
    const context = await browser.newContext({ baseURL: t.baseUrl, locale: 'fr-FR' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    pages.admin = page;
    page.on('pageerror', (error) => console.error('[admin] page error:', error.message));
    await page.goto('/connexion');
    await logIn(page, admin.user.email, PASSWORD);
    await page.waitForURL((u) => u.pathname === '/admin');
    const metrics = await defaultPeriodMetrics();
    expect(metrics.dossiers.opened.value).toBe(2);
    await eventually(() => text(kpi('kpi-opened'))).toBe('2');
    await eventually(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('connected');
  });

  it('its live dot pulses a few times when it comes live, then holds still', async () => {
    const iterations = await page.evaluate<number[]>(
      `document.querySelector('[data-testid="live-indicator"] span[aria-hidden]').getAnimations()
        .map((a) => a.effect.getComputedTiming().iterations)`,
    );
    expect(iterations).toEqual([3]);
  });

  it('a dossier a client opens meanwhile moves the counter and the charts, without a reload', async () => {
    await page.evaluate('window.sameDocument = true');
    expect(await lastDayText()).toContain('Ouverts 2');
    expect(await text(productBar().getByTestId('bar-value'))).toBe('2');

    // The client, in a browser of their own, opens a dossier.
    const clientContext = await browser.newContext({ baseURL: t.baseUrl, locale: 'fr-FR' });
    const clientPage = await clientContext.newPage();
    pages.client = clientPage;
    await clientPage.goto('/connexion');
    await logIn(clientPage, client.user.email, PASSWORD);
    await clientPage.waitForURL((u) => u.pathname === '/espace');
    // Its page asks for a fresh token and opens the dossier with it, as the app's own requests do.
    const opened = await clientPage.evaluate<number>(`(async () => {
      const session = await fetch('/api/auth/refresh', { method: 'POST' }).then((r) => r.json());
      const res = await fetch('/api/dossiers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + session.accessToken },
        body: JSON.stringify({ productCode: 'TICPE', estimatedCents: 500000 }),
      });
      return res.status;
    })()`);
    expect(opened).toBe(201);

    await eventually(() => text(kpi('kpi-opened'))).toBe('3');
    await eventually(() => text(productBar().getByTestId('bar-value'))).toBe('3');
    await eventually(lastDayText).toContain('Ouverts 3');
    expect(await page.evaluate<boolean>('window.sameDocument === true')).toBe(true);
  });

  it('a product’s bar opens the dossiers list filtered on that product and period', async () => {
    const metrics = await defaultPeriodMetrics();
    await productBar().getByRole('link', { name: ticpeName }).click();
    await page.waitForURL((u) => u.pathname === '/admin/dossiers');
    const params = new URL(page.url()).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      product: 'TICPE',
      openedFrom: metrics.period.from,
      openedTo: metrics.period.to,
    });
  });

  it('the new clients figure opens the users list filtered on clients created in the period', async () => {
    await backToDashboard();
    const metrics = await defaultPeriodMetrics();
    await kpi('kpi-new-clients').getByRole('link').click();
    await page.waitForURL((u) => u.pathname === '/admin/utilisateurs');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      role: 'client',
      createdFrom: metrics.period.from,
      createdTo: metrics.period.to,
    });
  });

  it('a day of the time series, chosen with the keyboard, opens the dossiers opened that day', async () => {
    await backToDashboard();
    const metrics = await defaultPeriodMetrics();
    const chart = seriesChart();
    await chart.focus();
    await page.keyboard.press('End');
    await eventually(() => chart.getAttribute('aria-valuetext')).toContain('Ouverts 3');
    await eventually(() => text(seriesTooltip())).toContain('Ouverts : 3');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/admin/dossiers');
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      openedFrom: metrics.period.to,
      openedTo: metrics.period.to,
    });
  });

  it('focused before the app takes the page over, the time series shows its last day once it has', async () => {
    const context = await browser.newContext({
      baseURL: t.baseUrl,
      locale: 'fr-FR',
      serviceWorkers: 'block',
    });
    const early = await context.newPage();
    pages.early = early;
    await early.goto('/connexion');
    await logIn(early, admin.user.email, PASSWORD);
    await early.waitForURL((u) => u.pathname === '/admin');
    // The app's code is held back: the page the server rendered is all there is when the visitor focuses the chart.
    const code = await holdBack(early, /\/assets\/.+\.js$/);
    await early.goto('/admin', { waitUntil: 'commit' });
    const chart = seriesChart(early);
    await chart.focus();
    code.release();
    await takenOver(early);
    await eventually(() => text(seriesTooltip(early))).toContain('Ouverts : 3');
    expect(
      await early.evaluate<boolean>(
        `document.activeElement?.matches('[data-testid="chart-dossiers"] [role="slider"]') === true`,
      ),
    ).toBe(true);
    await context.close();
  });

  it('focused while the pointer rests where it scrolls to, the time series starts at its last day and follows the keys', async () => {
    await backToDashboard();
    const chart = seriesChart();
    const tooltip = seriesTooltip();
    await chart.focus();
    const scrolledTo = (await chart.boundingBox())!;
    await page.evaluate('document.activeElement.blur(); window.scrollTo(0, 0)');
    await page.mouse.move(scrolledTo.x + scrolledTo.width / 3, scrolledTo.y + scrolledTo.height / 2);
    await chart.focus();
    await twoFrames();
    expect(await text(tooltip)).toContain('Ouverts : 3');
    await page.keyboard.press('ArrowLeft');
    await twoFrames();
    expect(await text(tooltip)).toContain('Ouverts : 0');
  });

  it('a pointer moved over the time series shows the day under it, and hides it on leaving', async () => {
    await backToDashboard();
    const chart = seriesChart();
    const tooltip = seriesTooltip();
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 4 });
    await eventually(() => text(tooltip)).toContain('Ouverts : 0');
    await page.mouse.move(box.x + box.width - 14, box.y + box.height / 2, { steps: 4 });
    await eventually(() => text(tooltip)).toContain('Ouverts : 3');
    await page.mouse.move(box.x + box.width / 2, box.y - 40, { steps: 4 });
    await eventually(() => tooltip.count()).toBe(0);
  });

  it('a chart’s table shows the figures the chart draws', async () => {
    await backToDashboard();
    const card = page.getByTestId('chart-products');
    const drawn = await card
      .locator('li[data-key]')
      .evaluateAll((items) =>
        items.map((li) => [
          li.querySelector('a, span')?.textContent?.trim(),
          li.querySelector('[data-testid="bar-value"]')?.textContent?.trim(),
        ]),
      );
    expect(drawn).toContainEqual([ticpeName, '3']);
    await card.getByRole('button', { name: 'Tableau' }).click();
    expect(await card.getByRole('button', { name: 'Tableau' }).getAttribute('aria-pressed')).toBe('true');
    const tabled = await card
      .getByTestId('chart-table')
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.children].slice(0, 2).map((c) => c.textContent?.trim())),
      );
    expect(tabled).toEqual(drawn);
  });

  it('the period selector keeps the period in the URL and reads the figures of that period', async () => {
    await backToDashboard();
    await page.getByRole('button', { name: '7 jours' }).click();
    await page.waitForURL((u) => u.searchParams.get('period') === '7d');
    await eventually(() => page.getByRole('button', { name: '7 jours' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await eventually(() => text(kpi('kpi-opened'))).toBe('3');
    await page.reload();
    await eventually(() => page.getByRole('button', { name: '7 jours' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('has no WCAG 2.1 A/AA violation and does not scroll sideways, on desktop and at 360 px', async () => {
    await backToDashboard();
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 360, height: 740 },
    ]) {
      await page.setViewportSize(viewport);
      expect(await wcagViolations(page)).toEqual([]);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    }
  });

  it('on a phone, a chart far down the page is taken over as it scrolls into view, with the figures of then', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/admin');
    await eventually(() => page.getByTestId('live-indicator').getAttribute('data-state')).toBe('connected');
    const opened = Number(await text(kpi('kpi-opened')));
    expect(await text(productBar().getByTestId('bar-value'))).toBe(String(opened));
    await createDossier(t, await registerClient(t), 'TICPE');
    await eventually(() => text(kpi('kpi-opened'))).toBe(String(opened + 1));
    // Not yet seen, not yet taken over: the server's drawing, as it was.
    expect(await text(productBar().getByTestId('bar-value'))).toBe(String(opened));
    await page.getByTestId('chart-products').scrollIntoViewIfNeeded();
    await eventually(() => text(productBar().getByTestId('bar-value'))).toBe(String(opened + 1));
    await page.setViewportSize({ width: 1280, height: 720 });
  });
});
