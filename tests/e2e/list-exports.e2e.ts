/**
 * The lists' exports end to end, on an app run in this process: an admin exports the dossier list (as the page
 * filters it) to CSV, the audit log to Excel, and a conversation to CSV, each file made by the server and downloaded
 * from the page's "Exporter".
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdmin, PASSWORD, registerClient, type Session } from '../support/factories.ts';
import type { TestApp } from '../support/test-app.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import { desktopPage, eventually, launchBrowser, logIn, screenshotAll, wcagViolations } from './support.ts';

let app: InProcessApp;
let t: TestApp;
let browser: Browser;
const pages: Record<string, Page> = {};
let admin: Session;
let page: Page;
/** The references of the dossiers the clients open, in the order they open them. */
const references: string[] = [];
let conversationId = '';
const message = `Voici les justificatifs ${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  app = await startInProcessApp('list_exports');
  t = app.t;
  admin = await createAdmin(t);
  // Two companies open three dossiers: the list has something to export, and something to filter out.
  const first = await registerClient(t);
  const second = await registerClient(t);
  for (const [client, productCode] of [
    [first, 'TICPE'],
    [first, 'CEE'],
    [second, 'TICPE'],
  ] as const) {
    const res = await t.request('POST', '/api/dossiers', {
      token: client.token,
      body: { productCode, estimatedCents: 1_000_000 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    references.push(res.body.reference);
  }
  // The admin writes to the first client: a conversation the admin takes part in.
  const conversation = await t.request('POST', '/api/conversations', {
    token: admin.token,
    body: { userId: first.user.id },
  });
  expect([200, 201], JSON.stringify(conversation.body)).toContain(conversation.status);
  conversationId = conversation.body.id;
  const sent = await t.request('POST', `/api/conversations/${conversationId}/messages`, {
    token: admin.token,
    body: { clientKey: randomUUID(), body: message, attachmentIds: [] },
  });
  expect([200, 201], JSON.stringify(sent.body)).toContain(sent.status);

  browser = await launchBrowser();
  page = await desktopPage(browser, t.baseUrl, 'admin', pages);
  await page.goto('/connexion');
  await logIn(page, admin.user.email, PASSWORD);
  await page.waitForURL((u) => u.pathname === '/admin');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

/** Clicks what asks for the file, and returns the download the page starts once the server has made it. */
async function download(
  ask: () => Promise<void>,
): Promise<{ download: Download; path: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), ask()]);
  const path = (await file.path()) as string;
  await eventually(() => page.getByTestId('export-progress').getAttribute('data-status')).toBe('ready');
  return { download: file, path, bytes: await readFile(path) };
}

/** "Exporter" → the format, from the list's menu. */
const fromMenu = (menu: string, format: string) => async () => {
  await page.getByRole('button', { name: menu, exact: true }).click();
  await page.getByRole('group', { name: 'Format du fichier' }).getByRole('button', { name: format }).click();
};

/** A CSV as French Excel reads it: its BOM, then its lines (CRLF), each split on `;`. */
function csvLines(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes
    .toString('utf8')
    .slice(1)
    .trim()
    .split('\r\n')
    .map((line) => line.split(';'));
}

describe('the dossier list', () => {
  it('an admin exports every dossier as a CSV: its header line, then one line per dossier', async () => {
    await page.goto('/admin/dossiers');
    await eventually(() => page.getByTestId('dossier-row').count()).toBe(3);
    const { download: file, bytes } = await download(fromMenu('Exporter', 'CSV'));
    expect(file.suggestedFilename()).toMatch(/^dossiers-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header = [], ...rows] = csvLines(bytes);
    // The list's columns, amounts in euros (the server's CSV names their unit).
    expect(header.slice(0, 6)).toEqual(['Référence', 'Entreprise', 'Région', 'Produit', 'Statut', 'Expert']);
    expect(header).toContain('Ouvert le');
    expect(header.some((name) => name.startsWith('Montant estimé'))).toBe(true);
    expect(rows.map((row) => row[0]).sort()).toEqual([...references].sort());
  });

  it('exports only what the page’s filters select, and says which filter the file cannot apply', async () => {
    await page.goto(`/admin/dossiers?product=CEE&unassigned=1`);
    await eventually(() => page.getByTestId('dossier-row').count()).toBe(1);
    await page.getByRole('button', { name: 'Exporter', exact: true }).click();
    expect(await page.getByTestId('export-not-carried').textContent()).toContain('sans expert');
    expect(await wcagViolations(page, '[data-testid="list-export"]')).toEqual([]);
    await page.keyboard.press('Escape');
    const { bytes } = await download(fromMenu('Exporter', 'CSV'));
    const [, ...rows] = csvLines(bytes);
    expect(rows.map((row) => row[0])).toEqual([references[1]]);
  });
});

describe('the audit log', () => {
  it('exports as an Excel workbook that opens, with the log’s columns and its lines', async () => {
    await page.goto('/admin/audit');
    await eventually(() => page.getByTestId('audit-row').count()).toBeGreaterThan(0);
    const { download: file, path } = await download(() =>
      page.getByRole('button', { name: 'Exporter en Excel (XLSX)' }).click(),
    );
    expect(file.suggestedFilename()).toMatch(/^journal-audit-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0]!;
    const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map(String);
    expect(cells(1)).toContain('Acteur');
    expect(cells(1)).toContain('Action');
    const actions = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) actions.add(String(row.getCell(cells(1).indexOf('Action') + 1).value));
    });
    expect(actions).toContain('user.registered');
  });
});

describe('the users list', () => {
  it('an admin exports the clients the filter selects as a CSV', async () => {
    await page.goto('/admin/utilisateurs?role=client');
    await eventually(() => page.getByTestId('user-row').count()).toBeGreaterThan(0);
    const { download: file, bytes } = await download(fromMenu('Exporter', 'CSV'));
    expect(file.suggestedFilename()).toMatch(/^utilisateurs-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header = [], ...rows] = csvLines(bytes);
    expect(header.slice(0, 4)).toEqual(['Nom', 'E-mail', 'Rôle', 'Statut']);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(rows.map((row) => row[2]))).toEqual(new Set(['client']));
  });
});

describe('a conversation', () => {
  it('a participant exports its messages as a CSV', async () => {
    await page.goto(`/messages/${conversationId}`);
    await eventually(() => page.getByTestId('message').count()).toBe(1);
    const { download: file, bytes } = await download(fromMenu('Exporter la conversation', 'CSV'));
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const [header, ...rows] = csvLines(bytes);
    expect(header).toEqual(['Date', 'Auteur', 'Rôle', 'Message', 'Pièces jointes', 'Modifié']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(message);
  });
});
