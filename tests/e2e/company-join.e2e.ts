import { randomUUID } from 'node:crypto';
import { describe, it } from 'vitest';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import { callApi, E2E_PASSWORD, eventually, logIn, logInApi, setUpScene, text } from './support.ts';

const run = randomUUID().slice(0, 6);
const joiner = { firstName: 'Jules', lastName: `Collègue${run}`, email: `joiner.${run}@e2e.fr` };

const scene = setUpScene();
const { pages } = scene;
let company = { name: '', siren: '' };

describe('joining a company already on the platform', () => {
  it('a colleague signs up with the company’s SIREN and is told the request awaits approval', async () => {
    const owner = await logInApi(scene.server, demoAccounts.client.email, demoAccounts.client.password);
    const me = await callApi<{ company: typeof company }>(scene.server, 'GET', '/api/me', {
      token: owner.accessToken,
    });
    company = me.company;

    const page = await scene.newPage('joiner');
    await page.goto('/inscription');
    await eventually(() => text(page.locator('#company-join-note'))).toContain('déjà inscrite');
    await page.getByLabel('Prénom').fill(joiner.firstName);
    await page.getByLabel('Nom', { exact: true }).fill(joiner.lastName);
    await page.getByLabel('Adresse e-mail').fill(joiner.email);
    await page.getByLabel('Mot de passe').fill(E2E_PASSWORD);
    await page.getByLabel('Raison sociale').fill('Ma société');
    await page.getByLabel('SIREN').fill(company.siren);
    await page.getByLabel('Secteur d’activité').selectOption('transport_routier');
    await page.getByLabel('Effectif').selectOption('10-49');
    await page.getByLabel('Région').selectOption('auvergne-rhone-alpes');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();

    await page.waitForURL(/\/compte\/en-attente$/);
    await eventually(() => text(page.getByRole('heading', { level: 1 }))).toBe(
      'Votre demande d’adhésion est en cours de validation',
    );
    await eventually(() => text(page.locator('main p').first())).toContain(company.name);
  });

  it('an admin approves the request from the join requests page', async () => {
    const page = await scene.newPage('admin');
    await page.goto('/connexion');
    await logIn(page, demoAccounts.admin.email, demoAccounts.admin.password);
    await page.waitForURL(/\/admin$/);
    await page.getByRole('link', { name: 'Adhésions' }).first().click();
    await page.waitForURL(/\/admin\/adhesions$/);
    const row = page.getByTestId('join-request-row').filter({ hasText: joiner.email });
    await eventually(() => text(row)).toContain(company.name);
    await row.getByRole('button', { name: `Approuver ${joiner.firstName} ${joiner.lastName}` }).click();
    await eventually(() => text(page.getByRole('status'))).toContain(`a rejoint ${company.name}`);
  });

  it('the approved colleague checks again and lands on the company’s dossiers', async () => {
    const page = pages.joiner!;
    await page.getByRole('button', { name: 'Vérifier à nouveau' }).click();
    await page.waitForURL(/\/espace$/);
    await eventually(() => page.getByTestId('dossier-row').count()).toBeGreaterThan(0);
  });
});
