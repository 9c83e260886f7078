import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  approvedExpert,
  clientInput,
  createAdmin,
  createDossier,
  PASSWORD,
  registerClient,
  type Session,
  walk,
} from '../support/factories.ts';
import type { TestApp } from '../support/test-app.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import { eventually, launchBrowser, logIn, screenshotAll } from './support.ts';

let app: InProcessApp;
let t: TestApp;
let browser: Browser;
const pages: Record<string, Page> = {};
let admin: Session;
let expert: Session;
let otherExpert: Session;

beforeAll(async () => {
  app = await startInProcessApp('assignments');
  t = app.t;
  admin = await createAdmin(t);
  expert = await approvedExpert(t, admin, { firstName: 'Eva', lastName: 'Lambert' });
  otherExpert = await approvedExpert(t, admin, { firstName: 'Otto', lastName: 'Durand' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

async function adminPage(path: string) {
  const context = await browser.newContext({
    baseURL: t.baseUrl,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  pages.admin = page;
  page.on('pageerror', (error) => console.error('[admin] page error:', error.message));
  await page.goto(path);
  await page.waitForURL(/\/connexion/);
  await logIn(page, admin.user.email, PASSWORD);
  await page.waitForURL((u) => u.pathname === new URL(path, t.baseUrl).pathname);
  return page;
}

/** A client's eligible dossier (of a company in `region`). */
async function eligible(region = 'auvergne-rhone-alpes') {
  const client = await registerClient(t, { company: { ...clientInput().company, region } });
  const d = await createDossier(t, client);
  await walk(t, d.id, [
    [client, { to: 'pre_eligibility_pending' }],
    [client, { to: 'pre_eligibility_review' }],
    [admin, { to: 'eligible' }],
  ]);
  return { client, dossierId: d.id };
}

describe('assignments', () => {
  it('an admin reassigns, with a reason, a dossier whose requested expert has not answered', async () => {
    const { client, dossierId } = await eligible();
    const request = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: expert.user.id },
    });
    expect(request.status, JSON.stringify(request.body)).toBe(201);

    const page = await adminPage('/admin/affectations');
    const row = page.getByTestId('pending-request').filter({ hasText: 'Eva Lambert' });
    await row.getByRole('button', { name: 'Réassigner' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /Otto Durand/ }).check();
    const confirm = dialog.getByRole('button', { name: 'Assigner un expert' });
    await expect.poll(() => confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Motif du changement d’expert').fill('Expert injoignable');
    await confirm.click();
    await page.getByText(/Otto Durand est assigné au dossier/).waitFor();

    const after = await t.request('GET', `/api/dossiers/${dossierId}`, { token: admin.token });
    expect(after.body.expert.id).toBe(otherExpert.user.id);
    const audit = await t.db
      .selectFrom('auditLog')
      .select('after')
      .where('entityId', '=', dossierId)
      .where('action', '=', 'dossier.expert_assigned')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ reason: 'Expert injoignable' });
  });

  it('the dossier list opens filtered from its URL, with removable chips', async () => {
    const { dossierId: breton } = await eligible('bretagne');
    const { dossierId: elsewhere } = await eligible('occitanie');
    const page = await adminPage('/admin/dossiers?region=bretagne&unassigned=1');
    const chips = page.getByTestId('filter-chip');
    await eventually(() => chips.allTextContents()).toEqual(['Région : Bretagne ×', 'Sans expert ×']);
    const rows = page.getByTestId('dossier-row');
    await eventually(() => rows.count()).toBeGreaterThan(0);
    const links = await rows.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain(`/dossiers/${breton}`);
    expect(links).not.toContain(`/dossiers/${elsewhere}`);

    await page.getByRole('button', { name: 'Retirer le filtre Région : Bretagne' }).click();
    await eventually(async () => new URL(page.url()).search).toBe('?unassigned=1');
    await eventually(() =>
      rows.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toContain(`/dossiers/${elsewhere}`);
  });
});
