import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdmin, createDossier, PASSWORD, registerClient, type Session } from '../support/factories.ts';
import type { TestApp } from '../support/test-app.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import {
  desktopPage,
  eventually,
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
let page: Page;

beforeAll(async () => {
  app = await startInProcessApp('reports');
  t = app.t;
  admin = await createAdmin(t);
  // Two companies open a dossier each: the platform report has something to count.
  for (let i = 0; i < 2; i++) await createDossier(t, await registerClient(t), 'TICPE');
  browser = await launchBrowser();
  page = await desktopPage(browser, t.baseUrl, 'admin', pages);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

const subtitle = () => text(page.getByTestId('report-subtitle'));
const figure = (label: string) =>
  page.getByTestId('kpi-card').filter({ hasText: label }).getByTestId('kpi-value');

/** Asks for the report as a file and returns the download the page starts once the file is ready. */
async function download(button: string): Promise<{ download: Download; path: string; bytes: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  const path = (await download.path()) as string;
  await eventually(() => page.getByTestId('export-progress').getAttribute('data-status')).toBe('ready');
  return { download, path, bytes: await readFile(path) };
}

describe('the reports page', () => {
  it('an admin opens it from the navigation and reads the platform report of the last 30 days', async () => {
    await page.goto('/connexion');
    await logIn(page, admin.user.email, PASSWORD);
    await page.waitForURL((u) => u.pathname === '/admin');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Rapports' })
      .click();
    await page.waitForURL((u) => u.pathname === '/rapports');
    await eventually(() => text(page.locator('#report-title'))).toBe('Performance de la plateforme');
    await eventually(() => text(figure('Dossiers ouverts'))).toBe('2');
    expect(await page.getByTestId('section-by-product').getByRole('table').count()).toBe(1);
  });

  it('keeps another period in the URL and reads the report of that period', async () => {
    const before = await subtitle();
    await page.getByRole('button', { name: '7 jours' }).click();
    await page.waitForURL((u) => u.searchParams.get('period') === '7d');
    await eventually(subtitle).not.toBe(before);
    const sevenDays = await subtitle();
    await page.reload();
    await eventually(subtitle).toBe(sevenDays);
    expect(await page.getByRole('button', { name: '7 jours' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('downloads the report as an Excel workbook with its figures as numbers', async () => {
    const { download: file, path } = await download('Excel (XLSX)');
    expect(file.suggestedFilename()).toMatch(
      /^rapport-plateforme-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
    const numbers: number[] = [];
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'number') numbers.push(cell.value);
        }),
      );
    expect(numbers).toContain(2);
  });

  it('downloads the report as a PDF that carries its title', async () => {
    const { download: file, bytes } = await download('PDF');
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const { text: content } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
      mergePages: true,
    });
    expect(content).toContain('Performance de la plateforme');
  });

  it('lists both files under "Mes exports", each downloadable', async () => {
    const items = page.getByTestId('my-exports').getByTestId('export-item');
    await eventually(() => items.count()).toBe(2);
    await eventually(() =>
      items.getByRole('link', { name: /^Télécharger rapport-plateforme-/ }).count(),
    ).toBe(2);
  });

  it('schedules the report weekly, and shows it in words in the list', async () => {
    await page.getByRole('button', { name: 'Programmer un envoi' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nom de l’envoi').fill('Plateforme, chaque lundi');
    await dialog.getByLabel('Fréquence').selectOption('weekly');
    await dialog.getByLabel('Jour de la semaine').selectOption({ label: 'lundi' });
    await dialog.getByLabel('Heure d’envoi (heure de Paris)').fill('08:00');
    expect(await dialog.getByLabel('Destinataires').inputValue()).toBe(admin.user.email);
    await dialog.getByRole('button', { name: 'Programmer' }).click();
    const item = page.getByTestId('schedule-item').filter({ hasText: 'Plateforme, chaque lundi' });
    await eventually(() => text(item.getByTestId('schedule-frequency'))).toBe('Chaque lundi à 08:00');
    expect(await text(item)).toContain(admin.user.email);
    expect(await text(item)).toContain('Prochain envoi');
  });

  it('has no WCAG 2.1 A/AA violation and does not scroll sideways, on desktop and at 375 px', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 375, height: 740 },
    ]) {
      await page.setViewportSize(viewport);
      expect(await wcagViolations(page)).toEqual([]);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    }
  });
});
