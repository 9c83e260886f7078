/**
 * The admins' users pages end to end, on an app run in this process with its e-mails going to a real SMTP server of
 * the test: an admin searches a user, opens their page and forces a password reset, whose e-mailed link works.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokenIn } from '../../server/modules/auth/account-emails.factories.ts';
import { ManualClock } from '../../server/platform/clock.ts';
import {
  createDatabase,
  dropDatabase,
  type PostgresServer,
  prepareDatabase,
  reachPostgres,
} from '../support/databases.ts';
import { createAdmin, login, PASSWORD, registerClient, type Session } from '../support/factories.ts';
import { TestSmtpServer } from '../support/smtp-server.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { eventually, launchBrowser, logIn, screenshotAll, text } from './support.ts';

const clientDist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'client', 'dist');
const NEW_PASSWORD = 'Nouveau-Depart-2026';

let pg: PostgresServer;
let pgDir = '';
const database = `ft_e2e_admin_users_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
let t: TestApp;
let smtp: TestSmtpServer;
let browser: Browser;
const pages: Record<string, Page> = {};
let admin: Session;
let client: Session;

beforeAll(async () => {
  pgDir = await mkdtemp(path.join(tmpdir(), 'ft-e2e-pg-'));
  pg = await reachPostgres(pgDir);
  const url = await createDatabase(pg.url, database);
  await prepareDatabase(url);
  smtp = await TestSmtpServer.start();
  t = await startTestApp(
    { smtpUrl: smtp.url },
    { databaseUrl: url, clientDir: clientDist, clock: new ManualClock(new Date()) },
  );
  admin = await createAdmin(t);
  client = await registerClient(t, { firstName: 'Héloïse', lastName: 'Lefèvre' });
  await registerClient(t, { firstName: 'Paul', lastName: 'Durand' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.stop();
  if (pg) await dropDatabase(pg.url, database).catch(() => {});
  await pg?.stop();
  await rm(pgDir, { recursive: true, force: true });
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

async function newPage(who: string, path: string) {
  const context = await browser.newContext({
    baseURL: t.baseUrl,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  pages[who] = page;
  page.on('pageerror', (error) => console.error(`[${who}] page error:`, error.message));
  await page.goto(path);
  return page;
}

describe('an admin finds a user and forces a password reset', () => {
  it('finds the user by a name typed without accents, and the search stays in the URL', async () => {
    const page = await newPage('admin', '/admin/utilisateurs');
    await page.waitForURL(/\/connexion/);
    await logIn(page, admin.user.email, PASSWORD);
    await page.waitForURL((u) => u.pathname === '/admin/utilisateurs');
    await page.getByLabel('Rechercher').fill('helo lefe');
    await eventually(() => page.getByTestId('user-row').count()).toBe(1);
    expect(await text(page.getByTestId('user-row'))).toContain('Héloïse Lefèvre');
    expect(new URL(page.url()).searchParams.get('q')).toBe('helo lefe');
  });

  it('opens the list filtered by the link it is given (the dashboard’s click-through)', async () => {
    const page = pages.admin!;
    await page.goto('/admin/utilisateurs?role=client&q=durand&sort=name');
    await eventually(() => page.getByTestId('user-row').count()).toBe(1);
    expect(await text(page.getByTestId('user-row'))).toContain('Paul Durand');
    expect(await page.getByLabel('Rôle').inputValue()).toBe('client');
    expect(await page.getByLabel('Trier par').inputValue()).toBe('name');
    await page.goto('/admin/utilisateurs?q=helo%20lefe');
    await eventually(() => page.getByTestId('user-row').count()).toBe(1);
  });

  it('opens the user’s page: identity, company and the session opened at registration', async () => {
    const page = pages.admin!;
    await page.getByRole('link', { name: 'Héloïse Lefèvre' }).click();
    await page.waitForURL(`**/admin/utilisateurs/${client.user.id}`);
    await expect.poll(() => text(page.getByRole('heading', { level: 1 }))).toBe('Héloïse Lefèvre');
    expect(await text(page.locator('main'))).toContain(client.user.email);
    expect(await text(page.locator('main'))).toContain('Transports Dupont');
    await eventually(() => page.getByTestId('user-sessions').locator('li').count()).toBe(1);
  });

  it('forces a reset after confirming: the sessions end and the audit trail shows it', async () => {
    const page = pages.admin!;
    await page.getByRole('button', { name: 'Forcer la réinitialisation du mot de passe' }).click();
    const dialog = page.getByRole('dialog');
    expect(await text(dialog)).toContain('Toutes ses sessions seront fermées');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await eventually(() => text(page.getByRole('status'))).toContain('lien de réinitialisation');
    await eventually(() => text(page.locator('main'))).toContain('Aucune session active.');
    await eventually(() => text(page.getByTestId('audit-entry'))).toContain('user.password_reset_forced');
  });

  it('the user sets a new password with the e-mailed link, and signs in with it', async () => {
    const mail = await smtp.waitFor(
      (m) => m.to.includes(client.user.email) && m.subject === 'Choisissez un nouveau mot de passe',
    );
    const token = tokenIn(mail, '/reinitialiser-mot-de-passe');
    const page = await newPage('client', `/reinitialiser-mot-de-passe?token=${token}`);
    await page.getByLabel('Nouveau mot de passe').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await eventually(() => text(page.getByRole('status'))).toContain('Votre mot de passe est modifié');
    expect((await login(t, client.user.email, NEW_PASSWORD)).user.id).toBe(client.user.id);
  });
});
