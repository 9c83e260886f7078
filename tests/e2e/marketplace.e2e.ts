import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  approvedExpertApi,
  eligibleDossierApi,
  eventually,
  holdBack,
  logIn,
  E2E_PASSWORD as PASSWORD,
  setUpScene,
  text,
} from './support.ts';

const run = randomUUID().slice(0, 6);
const expert = { firstName: 'Mathis', lastName: `Marche${run}`, email: `marche.${run}@e2e.fr` };
const client = {
  firstName: 'Lucie',
  lastName: `Client${run}`,
  email: `acheteur.${run}@e2e.fr`,
  company: `Logistique ${run}`,
};

const scene = setUpScene();
let dossierId = '';

/** An eligible TICPE dossier of a new client, and a new approved TICPE expert, both made through the API. */
beforeAll(async () => {
  await approvedExpertApi(scene.server, expert, ['TICPE'], 'auvergne-rhone-alpes');
  dossierId = (await eligibleDossierApi(scene.server, client, 'TICPE')).id;
});

describe('the marketplace for an anonymous visitor', () => {
  it('arrives with its experts in the page, and the app takes it over without loading anything again', async () => {
    const page = await scene.newPage('visitor');
    const searches: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/experts') searches.push(request.url());
    });
    await page.addInitScript(`document.addEventListener('DOMContentLoaded', () => {
      window.serverRendered = [...document.querySelectorAll('#root *')];
    });`);
    const response = await page.goto(`/experts?q=${encodeURIComponent(expert.lastName)}`);
    expect(await response!.text()).toContain(expert.lastName);
    await page.waitForLoadState('networkidle');
    // Taken over in slices (the cards and the filters after the rest), every element the server sent kept.
    const replaced = await page.evaluate<number>(
      'window.serverRendered.filter((element) => !document.contains(element)).length',
    );
    expect(replaced).toBe(0);
    expect(searches).toEqual([]);
    // A card taken over opens its profile in the app, without loading another page.
    await page.evaluate('window.sameDocument = true');
    await page.getByRole('link', { name: `${expert.firstName} ${expert.lastName}` }).click();
    await page.getByRole('heading', { level: 1, name: `${expert.firstName} ${expert.lastName}` }).waitFor();
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    await page.goBack();
    // Taken over: a new search is the app's work, the server's HTML alone does not answer it.
    await page.getByLabel('Rechercher un expert').fill('fiscalité');
    await eventually(async () =>
      searches.some((url) => decodeURIComponent(url).includes('q=fiscalité')),
    ).toBe(true);
  });

  it('leaves the focus where the visitor put it before the app took the page over', async () => {
    const page = await scene.newPage('early-visitor');
    // The app's code held back: the visitor reaches the search field of the server's page first.
    const code = await holdBack(page, /\/assets\/.*\.js$/);
    await page.goto('/experts', { waitUntil: 'domcontentloaded' });
    const search = page.getByLabel('Rechercher un expert');
    await search.focus();
    code.release();
    // A key the app answers (the search in the URL, after a typing pause) proves it has taken the page over, its
    // effects run; the key went to the field only if the focus stayed there.
    await expect
      .poll(
        async () => {
          await page.keyboard.press('a');
          return new URL(page.url()).searchParams.get('q') ?? '';
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toMatch(/^a+$/);
    expect(await search.evaluate((field) => field === field.ownerDocument.activeElement)).toBe(true);
  });
});

describe('choosing an expert in the marketplace', () => {
  it('a client searches, filters, opens a profile and requests the expert for its dossier', async () => {
    const page = await scene.newPage('client');
    await page.goto(`/dossiers/${dossierId}`);
    await logIn(page, client.email, PASSWORD);
    await page.waitForURL(new RegExp(`/dossiers/${dossierId}$`));
    await page.getByRole('heading', { name: 'Experts recommandés pour ce dossier' }).waitFor();

    await page.getByRole('link', { name: 'Voir tous les experts' }).click();
    await page.waitForURL(/\/experts\?product=TICPE&dossier=/);
    await page.getByLabel('Rechercher un expert').fill(expert.lastName.toLowerCase());
    await page.waitForURL(new RegExp(`q=${expert.lastName.toLowerCase()}`));
    const available = page.getByRole('checkbox', { name: 'Disponibles maintenant' });
    await available.click();
    await page.waitForURL(new RegExp(`q=${expert.lastName.toLowerCase()}.*available=true`));
    await eventually(() => available.isChecked()).toBe(true);
    const card = page.getByTestId('expert-card').filter({ hasText: expert.lastName });
    await eventually(() => card.count()).toBe(1);
    await eventually(() => text(page.getByRole('status'))).toBe('1 expert');

    await card.getByRole('link', { name: `${expert.firstName} ${expert.lastName}` }).click();
    await page.getByRole('heading', { level: 1, name: `${expert.firstName} ${expert.lastName}` }).waitFor();
    await page.getByRole('button', { name: 'Choisir cet expert' }).click();
    await page.waitForURL(new RegExp(`/dossiers/${dossierId}$`));
    await eventually(() => text(page.getByRole('status'))).toContain(
      `Demande envoyée à ${expert.firstName} ${expert.lastName}`,
    );
  });

  it('the expert accepts the request and the dossier is assigned to it', async () => {
    const page = await scene.newPage('expert');
    await page.goto('/connexion');
    await logIn(page, expert.email, PASSWORD);
    await page.waitForURL(/\/expert$/);
    const request = page.getByTestId('expert-request').filter({ hasText: client.company });
    await request.getByRole('button', { name: 'Accepter' }).click();
    await eventually(() => request.count()).toBe(0);
    const row = page.getByTestId('dossier-row').filter({ hasText: client.company });
    await eventually(() => row.count()).toBe(1);

    const clientPage = scene.pages.client!;
    await clientPage.reload();
    await eventually(() => text(clientPage.getByTestId('dossier-expert'))).toBe(
      `${expert.firstName} ${expert.lastName}`,
    );
  });

  it('the expert edits its profile and the marketplace shows it on the next search', async () => {
    const page = scene.pages.expert!;
    await page.getByRole('link', { name: 'Mon profil' }).click();
    await page.getByLabel('Accroche').fill(`Douanes et accises ${run}`);
    await page.getByLabel('Localisation').fill('Clermont-Ferrand');
    await page.getByLabel('Commission (%)').fill('18');
    await page.getByLabel('Capacité (dossiers simultanés)').fill('6');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await eventually(() => text(page.getByRole('status'))).toContain('Profil enregistré');

    const clientPage = scene.pages.client!;
    await clientPage.goto('/experts?q=clermont');
    const card = clientPage.getByTestId('expert-card').filter({ hasText: expert.lastName });
    await eventually(() => text(card)).toContain(`Douanes et accises ${run}`);
    await eventually(() => text(card)).toContain('18 % du montant obtenu');
  });
});
