/**
 * The admins' audit log and "à traiter" centre end to end, on an app run in this process: an admin filters the log
 * and exports it as CSV, then opens the centre and follows an item to where it is handled.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../common/ids.ts';
import {
  approvedExpert,
  createAdmin,
  PASSWORD,
  registerClient,
  registerExpert,
  type Session,
} from '../support/factories.ts';
import type { TestApp } from '../support/test-app.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import { desktopPage, eventually, launchBrowser, logIn, screenshotAll, text } from './support.ts';

let app: InProcessApp;
let t: TestApp;
let browser: Browser;
let page: Page;
const pages: Record<string, Page> = {};
let admin: Session;
let approved: Session;
let failedEmailId = '';

beforeAll(async () => {
  app = await startInProcessApp('audit');
  t = app.t;
  admin = await createAdmin(t);
  approved = await approvedExpert(t, admin, { firstName: 'Alix', lastName: 'Approuvée' });
  await registerExpert(t, { firstName: 'Noé', lastName: 'Attente' });
  await registerClient(t);
  failedEmailId = uuidv7(t.clock.now().getTime());
  await t.db
    .insertInto('emailMessages')
    .values({
      id: failedEmailId,
      idempotencyKey: randomUUID(),
      userId: null,
      toAddress: 'introuvable@test.fr',
      kind: 'account.verify_email',
      locale: 'fr',
      subject: 'Confirmez votre adresse e-mail',
      html: '<p>Bonjour</p>',
      text: 'Bonjour',
      headers: '{}',
      status: 'failed',
      attempts: 5,
      lastError: '550 mailbox unavailable',
      smtpMessageId: null,
      createdAt: t.clock.now(),
      sentAt: null,
    })
    .execute();
  browser = await launchBrowser();
  page = await desktopPage(browser, t.baseUrl, 'admin', pages);
  await page.goto('/admin/audit');
  await page.waitForURL(/\/connexion/);
  await logIn(page, admin.user.email, PASSWORD);
  await page.waitForURL((u) => u.pathname === '/admin/audit');
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

const rows = () => page.getByTestId('audit-row');

describe('the audit log', () => {
  it('filters by action: only the approval is left, readable, linked to the user’s page', async () => {
    await eventually(() => rows().count()).toBeGreaterThan(1);
    await page.getByLabel('Action').selectOption('user.approve');
    await page.waitForURL(/action=user\.approve/);
    await eventually(() => rows().count()).toBe(1);
    expect(await text(rows())).toContain('a approuvé le compte');
    const link = rows().getByRole('link', { name: 'Alix Approuvée' });
    expect(await link.getAttribute('href')).toBe(`/admin/utilisateurs/${approved.user.id}`);
    expect(await text(rows().getByRole('definition'))).toContain('pending');
  });

  it('filters by actor, found by name', async () => {
    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('Acteur').fill('Approuv');
    await page.getByRole('button', { name: /Alix Approuvée/ }).click();
    await page.waitForURL(new RegExp(`actorId=${approved.user.id}`));
    await eventually(() => rows().count()).toBe(1);
    expect(await text(rows())).toContain('s’est inscrit');
  });

  it('exports what the filters select as a CSV for French Excel', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter en CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^journal-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await download.path()) as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]?.split(';')).toContain('Acteur');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('user.registered');
  });
});

describe('the "à traiter" centre', () => {
  it('shows what waits, with its count', async () => {
    await page.goto('/admin/a-traiter');
    const experts = page.getByTestId('attention-experts_pending');
    await eventually(() => text(experts)).toContain('Noé Attente');
    expect(await text(experts.locator('span').nth(0))).toBe('1');
    await eventually(() => page.getByText('2 éléments à traiter').count()).toBe(1);
  });

  it('takes the admin from a failed e-mail to its reading in the outbox', async () => {
    await page
      .getByTestId('attention-emails_failed')
      .getByRole('link', { name: 'Confirmez votre adresse e-mail' })
      .click();
    await page.waitForURL(
      (u) => u.pathname === '/admin/emails' && u.searchParams.get('email') === failedEmailId,
    );
    await eventually(() => text(page.getByRole('heading', { name: 'Confirmez votre adresse e-mail' }))).toBe(
      'Confirmez votre adresse e-mail',
    );
  });
});

describe('on a phone', () => {
  it('fits both pages in 360 px, without sideways scrolling nor WCAG 2.1 AA violation', async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    for (const path of ['/admin/audit', '/admin/a-traiter']) {
      await page.goto(path);
      await eventually(() => page.getByRole('heading', { level: 1 }).count()).toBe(1);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const { violations } = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        violations.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
      ).toEqual([]);
    }
  });
});
