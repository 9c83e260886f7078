import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  createDossier,
  PASSWORD,
  registerClient,
  type Session,
  walk,
} from '../support/factories.ts';
import type { TestApp } from '../support/test-app.ts';
import { type InProcessApp, startInProcessApp } from './in-process-app.ts';
import { eventually, launchBrowser, logIn, screenshotAll, text } from './support.ts';

const HOUR = 3_600_000;
const newStep = {
  key: 'conflict_check',
  fr: 'Vérifier les conflits d’intérêts',
  en: 'Check conflicts of interest',
};

let app: InProcessApp;
let t: TestApp;
let browser: Browser;
const pages: Record<string, Page> = {};
let admin: Session;
let expert: Session;
let client: Session;
let dossierId = '';

beforeAll(async () => {
  app = await startInProcessApp('workflows');
  t = app.t;
  admin = await createAdmin(t);
  expert = await approvedExpert(t, admin);
  client = await registerClient(t);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => screenshotAll(task.name, pages));
});

async function signedIn(who: string, email: string, path: string, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL: t.baseUrl, locale: 'fr-FR', viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  pages[who] = page;
  page.on('pageerror', (error) => console.error(`[${who}] page error:`, error.message));
  await page.goto(path);
  await page.waitForURL(/\/connexion/);
  await logIn(page, email, PASSWORD);
  await page.waitForURL((u) => u.pathname === path);
  return page;
}

describe('a step added to a template, followed by a new dossier, late, and resolved', () => {
  it('an admin adds a step to the TICPE template in the editor', async () => {
    const page = await signedIn('admin', admin.user.email, '/admin/workflows');
    await page.getByTestId('template-list').getByRole('link', { name: /TICPE/ }).click();
    await page.getByRole('button', { name: 'Ajouter une étape après « Choisir un expert »' }).click();

    const step = page.getByTestId('editor-step').filter({ has: page.getByLabel('Clé') });
    await step.getByLabel('Clé').fill(newStep.key);
    await step.getByLabel('Nom (français)').fill(newStep.fr);
    await step.getByLabel('Nom (anglais)').fill(newStep.en);
    await step.getByLabel('Qui agit').selectOption('expert');
    await step.getByLabel('Statut du dossier').selectOption('expert_pending');
    await step.getByLabel('Délai (vide : aucun)').fill('4');
    await step.getByLabel('Unité du délai').selectOption('hours');
    await page
      .getByLabel('Note de version (facultatif)')
      .fill('Contrôle des conflits avant la réponse de l’expert');
    await page.getByRole('button', { name: 'Enregistrer une nouvelle version' }).click();

    await eventually(() => text(page.getByRole('status'))).toContain('Version 2 enregistrée');
    await eventually(() => text(page.getByTestId('template-versions'))).toContain('Contrôle des conflits');
    const order = await page
      .getByTestId('editor-step')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
    expect(order.indexOf(newStep.key)).toBe(order.indexOf('expert_answer') - 1);
  });

  it('a new dossier follows the new version: its step tracker shows the added step as the current one', async () => {
    dossierId = (await createDossier(t, client)).id;
    await walk(t, dossierId, [
      [client, { to: 'pre_eligibility_pending' }],
      [client, { to: 'pre_eligibility_review' }],
      [admin, { to: 'eligible' }],
    ]);
    const assigned = await t.request('POST', `/api/admin/dossiers/${dossierId}/assign`, {
      token: admin.token,
      body: { expertId: expert.user.id },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);

    const page = await signedIn('client', client.user.email, `/dossiers/${dossierId}`);
    const current = page.locator('[data-testid="workflow-step"][aria-current="step"]');
    await eventually(() => current.getAttribute('data-step')).toBe(newStep.key);
    expect(await text(current)).toContain(newStep.fr);
    expect(await text(current.getByTestId('step-due'))).toMatch(/^échéance dans/);
    expect(await text(page.getByTestId('workflow-who-acts'))).toContain('À agir : Expert');
  });

  it('the clock moves past the step’s deadline: the breached SLA appears in the expert’s alert centre', async () => {
    t.clock.advance(5 * HOUR);
    await t.app.services.workflows.sweep.sweep();

    const page = await signedIn('expert', expert.user.email, '/expert');
    await eventually(() => text(page.getByTestId('alert-badge'))).not.toBe('');
    await page.getByRole('link', { name: /alertes? à traiter/ }).click();
    await page.waitForURL(/\/alerts$/);
    const breached = page.locator('[data-testid="alert"][data-type="sla_breached"]');
    await eventually(() => breached.count()).toBe(1);
    expect(await text(breached)).toContain(newStep.fr);
    expect(await text(breached)).toContain('Délai dépassé');
  });

  it('the expert resolves it with a note', async () => {
    const page = pages.expert!;
    const breached = page.locator('[data-testid="alert"][data-type="sla_breached"]');
    await breached.getByRole('button', { name: /^Résoudre/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Note de résolution').fill('Aucun conflit : dossier accepté par téléphone.');
    await dialog.getByRole('button', { name: 'Résoudre' }).click();
    await eventually(() => text(page.getByRole('status'))).toContain('Alerte résolue');
    await eventually(() => breached.count()).toBe(0);

    await page.getByLabel('État').selectOption('resolved');
    await eventually(() => text(breached)).toContain('Aucun conflit : dossier accepté par téléphone.');
  });

  it('the alert centre fits a 320 px phone without scrolling sideways', async () => {
    const page = pages.expert!;
    await page.setViewportSize({ width: 320, height: 640 });
    await page.getByTestId('alert-counts').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
