import { createHash, randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfFile, scannedPngFile } from '../support/document-files.ts';
import {
  acceptedDossierApi,
  callApi,
  eventually,
  logIn,
  logInApi,
  E2E_PASSWORD as PASSWORD,
  setUpScene,
  text,
} from './support.ts';

const run = randomUUID().slice(0, 6);
const expert = { firstName: 'Lucie', lastName: `Pièces${run}`, email: `pieces.${run}@e2e.fr` };
const client = {
  firstName: 'Marc',
  lastName: `Routier${run}`,
  email: `routier.${run}@e2e.fr`,
  company: `Routier ${run}`,
};
/** A word that appears only inside the new version of the invoice: not in its name, nor anywhere else. */
const secretWord = 'pyrocladite';
const rejection = 'Facture illisible : merci d’envoyer une copie nette.';

const scene = setUpScene();
let dossierId = '';

/** A TICPE dossier of a new client, assigned to a new expert who accepted it. */
beforeAll(async () => {
  dossierId = await acceptedDossierApi(scene.server, client, expert);
});

async function openDossier(who: 'client' | 'expert', email: string): Promise<Page> {
  const page = await scene.newPage(who);
  await page.goto(`/dossiers/${dossierId}`);
  await logIn(page, email, PASSWORD);
  await page.waitForURL(new RegExp(`/dossiers/${dossierId}$`));
  await page.getByRole('heading', { name: 'Pièces du dossier' }).waitFor();
  return page;
}

const documentCard = (page: Page, name: string) => page.getByTestId('document').filter({ hasText: name });
const fuelInvoices = (page: Page) =>
  page.getByTestId('checklist-item').filter({ hasText: 'Factures de carburant' });

/** Records every value the upload progress bars take, by bar name, from now on (run in the page). */
const recordProgress = (page: Page) =>
  page.evaluate(`(() => {
    const seen = (window.progressSeen = {});
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('[data-testid="upload"] [role="progressbar"]')) {
        const name = bar.getAttribute('aria-label');
        (seen[name] ??= []).push(Number(bar.getAttribute('aria-valuenow')));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  })()`);

const progressSeen = (page: Page) => page.evaluate<Record<string, number[]>>('window.progressSeen');

/** Whether pdf.js drew something on the canvas: some of its pixels are ink, not paper. */
const inked = (page: Page, label: string) =>
  page.evaluate<boolean>(`(() => {
    const canvas = document.querySelector('canvas[aria-label="${label}"]');
    if (!canvas) return false;
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    return data.some((value, i) => i % 4 !== 3 && value < 128);
  })()`);

describe('documents in the web client', () => {
  it('the expert asks the client for fuel invoices, with a note and a due date', async () => {
    const page = await openDossier('expert', expert.email);
    await page.getByRole('button', { name: 'Demander un document', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Catégorie').selectOption({ label: 'Factures de carburant' });
    await dialog
      .getByLabel(/^Note pour le client/)
      .fill('Les factures de janvier et février, s’il vous plaît.');
    await dialog.getByLabel(/^À fournir avant le/).fill('2099-03-31');
    await dialog.getByRole('button', { name: 'Envoyer la demande' }).click();

    await eventually(() => text(page.getByRole('status').filter({ hasText: 'Demande' }))).toBe(
      'Demande envoyée au client.',
    );
    const request = page.getByTestId('document-request').filter({ hasText: 'Factures de carburant' });
    await eventually(() => text(request)).toContain('À fournir avant le 31 mars 2099');
    expect(await request.locator('[data-state]').getAttribute('data-state')).toBe('open');
    expect(await fuelInvoices(page).getAttribute('data-state')).toBe('requested');
  });

  it('the client sees what is asked and uploads two files at once, each with its progress', async () => {
    const page = await openDossier('client', client.email);
    const asked = page.getByTestId('document-request');
    await eventually(() => text(asked)).toContain('Les factures de janvier et février');

    // A slow uplink, so that the progress of the larger file is seen moving.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    });
    await recordProgress(page);
    await page.getByLabel('Catégorie').selectOption({ label: 'Factures de carburant' });
    const statement = `date;station;litres;montant\n${'2026-02-01;Rennes;412,5;698,30\n'.repeat(100_000)}`;
    await page.getByTestId('upload-input').setInputFiles([
      {
        name: 'facture-janvier.pdf',
        mimeType: 'application/pdf',
        buffer: await pdfFile(['Facture carburant janvier : gazole routier, 1 200 litres.']),
      },
      { name: 'releves-fevrier.csv', mimeType: 'text/csv', buffer: Buffer.from(statement) },
    ]);

    const uploads = page.getByTestId('upload');
    await eventually(() => uploads.count()).toBe(2);
    await eventually(() =>
      uploads.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state'))),
    ).toEqual(['done', 'done']);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    for (const row of await uploads.all()) {
      expect(await text(row.getByTestId('upload-status'))).toBe('Envoyé');
      expect(await row.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    }
    const seen = await progressSeen(page);
    const csvProgress = seen['Envoi de releves-fevrier.csv'] ?? [];
    expect(csvProgress.some((value) => value > 0 && value < 100)).toBe(true);
    expect(csvProgress.at(-1)).toBe(100);

    await eventually(() => page.getByTestId('document').count()).toBe(2);
    // The first file answered the request: nothing is asked any more.
    await eventually(() => asked.count()).toBe(0);
    expect(await fuelInvoices(page).getAttribute('data-state')).toBe('pending');
  });

  it('the expert previews the invoice without leaving the dossier, then rejects it with a reason', async () => {
    const page = scene.pages.expert!;
    await page.reload();
    const card = documentCard(page, 'facture-janvier.pdf');
    await card.getByRole('button', { name: 'Aperçu : facture-janvier.pdf' }).click();
    const preview = page.getByRole('dialog');
    const firstPage = preview.getByRole('img', { name: 'Page 1 sur 1' });
    await firstPage.waitFor();
    await eventually(() => inked(page, 'Page 1 sur 1')).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/dossiers/${dossierId}`);
    await page.keyboard.press('Escape');
    await eventually(() => preview.count()).toBe(0);

    await card.getByRole('button', { name: 'Refuser : facture-janvier.pdf' }).click();
    await page.getByRole('dialog').getByLabel('Motif du refus').fill(rejection);
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmer' }).click();
    await eventually(() => card.getAttribute('data-status')).toBe('rejected');
    expect(await text(card.getByTestId('review-reason'))).toBe(`Motif du refus : ${rejection}`);
  });

  it('the client reads why and sends a new version of the rejected invoice', async () => {
    const page = scene.pages.client!;
    await page.reload();
    const card = documentCard(page, 'facture-janvier.pdf');
    await eventually(() => card.getAttribute('data-status')).toBe('rejected');
    expect(await text(card.getByTestId('review-reason'))).toBe(`Motif du refus : ${rejection}`);

    await card.getByRole('button', { name: 'Nouvelle version : facture-janvier.pdf' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Commentaire/).fill('Copie nette');
    await dialog.getByTestId('upload-input').setInputFiles({
      name: 'facture-janvier-nette.pdf',
      mimeType: 'application/pdf',
      buffer: await pdfFile([`Facture carburant janvier, copie nette. Additif ${secretWord} : 12 litres.`]),
    });
    await eventually(() => dialog.count()).toBe(0);
    await eventually(() => page.getByTestId('upload').last().getAttribute('data-state')).toBe('done');
    await eventually(() => card.getAttribute('data-status')).toBe('pending');
    expect(await text(card)).toContain('Version 2');
    expect(await text(card)).toContain('« Copie nette »');
  });

  it('the expert approves the new version; the history keeps both with their reviews', async () => {
    const page = scene.pages.expert!;
    await page.reload();
    const card = documentCard(page, 'facture-janvier.pdf');
    await eventually(() => text(card)).toContain('Version 2');
    await card.getByRole('button', { name: 'Valider : facture-janvier.pdf' }).click();
    await eventually(() => card.getAttribute('data-status')).toBe('approved');

    await card.getByText(/^Historique/).click();
    const versions = card.getByTestId('document-version');
    await eventually(() => versions.count()).toBe(2);
    expect(await text(versions.nth(0))).toContain('facture-janvier-nette.pdf');
    expect(await versions.nth(0).locator('[data-state]').getAttribute('data-state')).toBe('approved');
    expect(await versions.nth(1).locator('[data-state]').getAttribute('data-state')).toBe('rejected');
    expect(await text(versions.nth(1).getByTestId('review-reason'))).toContain(rejection);
  });

  it('the client finds the invoice on "Mes documents" by a word found only inside the file', async () => {
    // Text extraction is a background job: wait until the server finds the word, then search as the client would.
    const session = await logInApi(scene.server, client.email);
    await expect
      .poll(
        async () =>
          (
            await callApi<{ items: unknown[] }>(
              scene.server,
              'GET',
              `/api/documents/search?q=${secretWord}`,
              {
                token: session.accessToken,
              },
            )
          ).items.length,
        { timeout: 90_000, interval: 500 },
      )
      .toBe(1);

    const page = scene.pages.client!;
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Mes documents' })
      .click();
    await page.waitForURL(/\/documents$/);
    await page.getByLabel('Rechercher dans vos documents').fill(secretWord);
    const hit = page.getByTestId('search-hit');
    await eventually(() => hit.count()).toBe(1);
    expect(await text(hit.locator('h2'))).toBe('facture-janvier.pdf');
    expect((await text(hit.locator('mark'))).toLowerCase()).toBe(secretWord);
    expect(await text(hit)).toContain('Trouvé dans le contenu, page 1');
    expect(await hit.locator('[data-state]').getAttribute('data-state')).toBe('approved');
  }, 120_000);

  it('on a phone, the client takes a photo of the Kbis and sends it', async () => {
    const context = await scene.browser.newContext({
      baseURL: scene.server.baseUrl,
      locale: 'fr-FR',
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    scene.pages.phone = page;
    await page.goto(`/dossiers/${dossierId}`);
    await logIn(page, client.email, PASSWORD);
    await page.waitForURL(new RegExp(`/dossiers/${dossierId}$`));
    await page.getByRole('button', { name: 'Envoyer : Extrait Kbis' }).click();

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('dialog').getByRole('button', { name: 'Prendre une photo' }).click();
    const camera = await chooser;
    expect(await camera.element().getAttribute('capture')).toBe('environment');
    expect(await camera.element().getAttribute('accept')).toBe('image/*');
    await camera.setFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: await scannedPngFile('EXTRAIT KBIS\nRoutier SAS'),
    });

    await eventually(() => documentCard(page, 'photo.png').count()).toBe(1);
    await eventually(() =>
      page.getByTestId('checklist-item').filter({ hasText: 'Extrait Kbis' }).getAttribute('data-state'),
    ).toBe('pending');
  });

  it('a paused upload resumed while offline goes on once the network is back, byte-exact; a cancelled one leaves nothing', async () => {
    const page = scene.pages.client!;
    await page.goto(`/dossiers/${dossierId}`);
    await page.getByRole('heading', { name: 'Pièces du dossier' }).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const network = (offline: boolean, uploadThroughput: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput,
      });
    await network(false, 512 * 1024);
    await page.getByLabel('Catégorie').selectOption({ label: 'Relevés de cartes carburant' });
    const statement = Buffer.from(`carte;date;litres\n${'4971;2026-03-02;88,4\n'.repeat(200_000)}`);
    const upload = (name: string) => page.getByTestId('upload').filter({ hasText: name });
    const percent = async (name: string) =>
      Number(await upload(name).getByRole('progressbar').getAttribute('aria-valuenow'));

    await page
      .getByTestId('upload-input')
      .setInputFiles({ name: 'cartes-mars.csv', mimeType: 'text/csv', buffer: statement });
    await eventually(() => percent('cartes-mars.csv')).toBeGreaterThan(30);
    await upload('cartes-mars.csv')
      .getByRole('button', { name: 'Mettre en pause : cartes-mars.csv' })
      .click();
    await eventually(() => upload('cartes-mars.csv').getAttribute('data-state')).toBe('paused');
    const pausedAt = await percent('cartes-mars.csv');
    expect(pausedAt).toBeLessThan(100);

    // Resumed while the network is down: the upload waits for it, then goes on from where the server stopped.
    await network(true, 512 * 1024);
    await recordProgress(page);
    await upload('cartes-mars.csv').getByRole('button', { name: 'Reprendre : cartes-mars.csv' }).click();
    await eventually(() => upload('cartes-mars.csv').getAttribute('data-state')).toBe('offline');
    expect(await text(upload('cartes-mars.csv').getByTestId('upload-status'))).toContain('Connexion perdue');
    await network(false, 512 * 1024);
    await eventually(() => upload('cartes-mars.csv').getAttribute('data-state')).toBe('done');
    const resumed = (await progressSeen(page))['Envoi de cartes-mars.csv'] ?? [];
    expect(Math.min(...resumed)).toBeGreaterThanOrEqual(pausedAt / 2);
    const card = documentCard(page, 'cartes-mars.csv');
    await eventually(() => card.count()).toBe(1);
    const session = await logInApi(scene.server, client.email);
    const panel = await callApi<{ documents: { title: string; currentVersion: { sha256: string } }[] }>(
      scene.server,
      'GET',
      `/api/dossiers/${dossierId}/documents`,
      { token: session.accessToken },
    );
    const stored = panel.documents.find((d) => d.title === 'cartes-mars.csv');
    expect(stored?.currentVersion.sha256).toBe(createHash('sha256').update(statement).digest('hex'));

    const documents = await page.getByTestId('document').count();
    await network(false, 256 * 1024);
    await page.getByTestId('upload-input').setInputFiles({
      name: 'cartes-avril.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(statement.toString().replaceAll('03-02', '04-02')),
    });
    await eventually(() => percent('cartes-avril.csv')).toBeGreaterThan(0);
    await upload('cartes-avril.csv').getByRole('button', { name: 'Annuler : cartes-avril.csv' }).click();
    await eventually(() => upload('cartes-avril.csv').count()).toBe(0);
    await network(false, -1);
    await page.reload();
    await page.getByRole('heading', { name: 'Documents déposés' }).waitFor();
    await eventually(() => page.getByTestId('document').count()).toBe(documents);
  });

  it('the documents panel, a dialog of it and "Mes documents" meet WCAG 2.1 A/AA, on a desktop and a phone', async () => {
    const check = async (page: Page, where: string) => {
      const { violations } = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`,
        ),
        where,
      ).toEqual([]);
      expect(
        await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
        where,
      ).toBeLessThanOrEqual(0);
    };
    for (const page of [scene.pages.client!, scene.pages.phone!]) {
      await page.goto(`/dossiers/${dossierId}`);
      await page.getByTestId('document').first().waitFor();
      await check(page, 'dossier page');
      await documentCard(page, 'facture-janvier.pdf')
        .getByText(/^Historique/)
        .click();
      await documentCard(page, 'facture-janvier.pdf').getByTestId('document-version').first().waitFor();
      await documentCard(page, 'facture-janvier.pdf')
        .getByRole('button', { name: 'Nouvelle version : facture-janvier.pdf' })
        .click();
      await check(page, 'new version dialog');
      await page.keyboard.press('Escape');
      await page.goto('/documents');
      await page.getByTestId('search-hit').first().waitFor();
      await check(page, 'my documents');
    }
  });
});
