import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sirenWithCheckDigit } from '../../common/siren.ts';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import { eventually, logIn, setUpScene, text } from './support.ts';

const PASSWORD = 'E2e-Password-2026';
const run = randomUUID().slice(0, 6);
const clientEmail = `client.${run}@e2e.fr`;
const expert = { firstName: 'Inès', lastName: `Expert${run}`, email: `expert.${run}@e2e.fr` };

const scene = setUpScene();
const { pages } = scene;
let dossierPath = '';

describe('a prerendered page', () => {
  it('is painted before its code is asked for, and its code then runs under the CSP', async () => {
    const page = await scene.newPage('visitor');
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await page.goto('/');
    // The simulator's answer is the app's work: the prerendered HTML alone does not answer.
    await page.getByLabel("Secteur d'activité").selectOption('transport_routier');
    await page.getByLabel('Véhicules de plus de 7,5 tonnes').fill('4');
    await page.getByLabel('Gazole consommé par an (L)').fill('120 000');
    await page.getByRole('button', { name: 'Estimer mes remboursements' }).click();
    await eventually(() =>
      text(page.getByRole('region', { name: 'Vos remboursements possibles' })),
    ).toContain('TICPE');
    const [firstPaint, firstScript] = await page.evaluate(() => [
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      Math.min(
        ...performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.endsWith('.js'))
          .map((entry) => entry.startTime),
      ),
    ]);
    expect(firstScript).toBeGreaterThanOrEqual(firstPaint!);
    expect(refused).toEqual([]);
  });
  it('is painted whole before its code is asked for, when its HTML is parsed in two goes', async () => {
    const page = await scene.newPage('visitor on a page that comes in two goes');
    // A script held back in the middle of the body stops the parser there: the browser paints the header alone,
    // then the rest of the page once the script comes, as it does with HTML that arrives slowly.
    await page.route('**/held-back.js', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.fulfill({ contentType: 'text/javascript', body: '' });
    });
    await page.route(
      (url) => url.pathname === '/experts',
      async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(
          '</header>',
          '</header><script src="/held-back.js"></script>',
        );
        await route.fulfill({ response, body: html });
      },
    );
    await page.goto('/experts');
    const started = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.includes('/assets/') && entry.name.endsWith('.js'))
          .map((entry) => entry.startTime),
      );
    await eventually(started).not.toEqual([]);
    // A browser's entry type, which the Node types this suite is checked with do not know.
    const largestPaint = 'largest-contentful-paint' as 'mark';
    const largestPaints = await page.evaluate(
      (type) =>
        new Promise<number[]>((resolve) =>
          new PerformanceObserver((list) =>
            resolve(list.getEntries().map((entry) => entry.startTime)),
          ).observe({
            type,
            buffered: true,
          }),
        ),
      largestPaint,
    );
    expect(largestPaints.length).toBeGreaterThan(1);
    expect(Math.min(...(await started()))).toBeGreaterThan(Math.max(...largestPaints));
  });
  it('is not sent by the browser before the app handles its form: no password in an address', async () => {
    const page = await scene.newPage('visitor without the app');
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.goto('/connexion');
    await page.getByLabel('Adresse e-mail').fill('claire@example.fr');
    await page.getByLabel('Mot de passe').fill('Secret-2026');
    await page.getByLabel('Mot de passe').press('Enter');
    await page.waitForTimeout(500);
    expect(page.url()).toBe(`${scene.server.baseUrl}/connexion`);
  });
});

describe('from simulation to an assigned expert', () => {
  it('a visitor runs the simulator, signs up and finds the new dossiers on the dashboard', async () => {
    const page = await scene.newPage('client');
    await page.goto('/');
    await eventually(() => text(page.getByRole('heading', { level: 1 }))).toContain('Récupérez');
    await page.getByLabel("Secteur d'activité").selectOption('transport_routier');
    await page.getByLabel('Véhicules de plus de 7,5 tonnes').fill('4');
    await page.getByLabel('Gazole consommé par an (L)').fill('120 000');
    await page.getByRole('button', { name: 'Estimer mes remboursements' }).click();

    const results = page.getByRole('region', { name: 'Vos remboursements possibles' });
    await eventually(() => text(results)).toContain('TICPE');
    await page.getByRole('button', { name: 'Créer mon compte pour ouvrir ces dossiers' }).click();

    await page.waitForURL(/\/inscription$/);
    await eventually(() => text(page.getByRole('status'))).toContain('Votre simulation est conservée');
    await page.getByLabel('Prénom').fill('Claire');
    await page.getByLabel('Nom', { exact: true }).fill(`Client${run}`);
    await page.getByLabel('Adresse e-mail').fill(clientEmail);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByLabel('Raison sociale').fill(`Transports ${run}`);
    await page
      .getByLabel('SIREN')
      .fill(sirenWithCheckDigit(String(20_000_000 + Math.floor(Math.random() * 70_000_000))));
    await page.getByLabel('Secteur d’activité').selectOption('transport_routier');
    await page.getByLabel('Effectif').selectOption('10-49');
    await page.getByLabel('Région').selectOption('auvergne-rhone-alpes');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();

    await page.waitForURL(/\/espace$/);
    const row = page.getByTestId('dossier-row').filter({ hasText: 'TICPE' });
    await eventually(() => row.count()).toBe(1);
    await eventually(() => text(row)).toContain('Brouillon');

    await row.getByRole('link').click();
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}$/);
    dossierPath = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Compléter la pré-éligibilité' }).click();
    await eventually(() => text(page.getByRole('status'))).toContain('Pré-éligibilité à compléter');
    await page.getByRole('button', { name: 'Envoyer pour vérification' }).click();
    await eventually(() => text(page.locator('[data-status]').first())).toBe('En vérification');
    await page.getByRole('heading', { name: 'Historique' }).waitFor();
  });

  it('an expert signs up and waits for approval', async () => {
    const page = await scene.newPage('expert');
    await page.goto('/inscription?role=expert');
    await page.getByLabel('Prénom').fill(expert.firstName);
    await page.getByLabel('Nom', { exact: true }).fill(expert.lastName);
    await page.getByLabel('Adresse e-mail').fill(expert.email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('group', { name: 'Spécialités' }).getByText('TICPE').first().click();
    await page
      .getByRole('group', { name: 'Régions d’intervention' })
      .getByText('Auvergne-Rhône-Alpes')
      .click();
    await page.getByRole('button', { name: 'Créer mon compte' }).click();

    await page.waitForURL(/\/compte\/en-attente$/);
    await eventually(() => text(page.getByRole('heading', { level: 1 }))).toBe(
      'Votre compte expert est en cours de validation',
    );
  });

  it('an admin approves the expert, marks the dossier eligible and assigns it', async () => {
    const page = await scene.newPage('admin');
    await page.goto('/admin/utilisateurs');
    await page.waitForURL(/\/connexion\?next=%2Fadmin%2Futilisateurs$/);
    await logIn(page, demoAccounts.admin.email, demoAccounts.admin.password);
    await page.waitForURL(/\/admin\/utilisateurs$/);

    await page.getByLabel('Rechercher').fill(expert.email);
    const row = page.getByTestId('user-row').filter({ hasText: expert.email });
    await eventually(() => text(row)).toContain('En attente');
    await row.getByRole('button', { name: `Approuver ${expert.firstName} ${expert.lastName}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmer' }).click();
    await eventually(() => text(page.getByRole('status'))).toContain('est approuvé');
    await eventually(() => text(row)).toContain('Actif');

    await page.goto(dossierPath);
    await page.getByRole('button', { name: 'Déclarer éligible' }).click();
    await eventually(() => text(page.locator('[data-status]').first())).toBe('Éligible');
    await page.getByRole('button', { name: 'Assigner un expert' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Rechercher un expert').fill(expert.lastName);
    await dialog.getByLabel(new RegExp(`${expert.firstName} ${expert.lastName}`)).check();
    await dialog.getByRole('button', { name: 'Assigner un expert' }).click();
    await eventually(() => text(page.getByRole('status'))).toContain(
      `${expert.firstName} ${expert.lastName} est assigné`,
    );
    await eventually(() => text(page.getByTestId('dossier-expert'))).toBe(
      `${expert.firstName} ${expert.lastName}`,
    );
  });

  it('the approved expert sees the dossier and accepts it', async () => {
    const page = pages.expert!;
    await page.getByRole('button', { name: 'Vérifier à nouveau' }).click();
    await page.waitForURL(/\/expert$/);
    const row = page.getByTestId('dossier-row').filter({ hasText: `Transports ${run}` });
    await eventually(() => text(row)).toContain('En attente de l’expert');
    await row.getByRole('link').click();
    await page.getByRole('button', { name: 'Accepter le dossier' }).click();
    await eventually(() => text(page.locator('[data-status]').first())).toBe('Expert assigné');
  });

  it('a signed-out visitor of a dossier page logs in and comes back to it', async () => {
    const page = await scene.newPage('returning-client');
    await page.goto(dossierPath);
    await page.waitForURL(/\/connexion\?next=/);
    await logIn(page, clientEmail, PASSWORD);
    await page.waitForURL(new RegExp(`${dossierPath}$`));
    await eventually(() => text(page.getByTestId('dossier-expert'))).toBe(
      `${expert.firstName} ${expert.lastName}`,
    );
  });

  it('a signed-in client’s dossier page comes with its content, which the app then takes over as it is', async () => {
    const context = pages['returning-client']!.context();
    const withoutApp = await context.newPage();
    await withoutApp.route('**/assets/*.js', (route) => route.abort());
    await withoutApp.goto(dossierPath);
    expect(await text(withoutApp.getByTestId('dossier-expert'))).toBe(
      `${expert.firstName} ${expert.lastName}`,
    );
    // Its buttons do nothing before the app runs, and say so.
    expect(await withoutApp.locator('main button').count()).toBeGreaterThan(0);
    expect(await withoutApp.locator('main button:not([aria-disabled="true"])').count()).toBe(0);
    await withoutApp.close();

    const page = await context.newPage();
    // Script strings: this file is typed for Node, the code runs in the page.
    await page.addInitScript(`document.addEventListener('DOMContentLoaded', () => {
      window.served = document.querySelector('[data-testid="dossier-expert"]');
    })`);
    await page.goto(dossierPath);
    // The app has taken the page over once its buttons answer (useHydrated).
    await page.locator('main button:not([aria-disabled])').first().waitFor();
    const kept = await page.evaluate<boolean>(
      `document.querySelector('[data-testid="dossier-expert"]') === window.served`,
    );
    expect(kept).toBe(true);
    await page.close();
  });

  it('the interface switches to English and fits a 360 px screen', async () => {
    const page = pages['returning-client']!;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('button', { name: /Langue/ }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
