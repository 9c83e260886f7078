import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { sirenWithCheckDigit } from '../../common/siren.ts';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import { E2E_PASSWORD, eventually, setUpScene, text } from './support.ts';

const scene = setUpScene();
const run = randomUUID().slice(0, 6);

/** Presses Tab (Shift+Tab backwards) until the target has the focus: it fails when the keyboard cannot reach it. */
async function tabTo(page: Page, target: Locator, { backwards = false, presses = 150 } = {}) {
  await target.waitFor();
  for (let i = 0; i < presses; i++) {
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${target} cannot be reached with the Tab key`);
}

async function typeInto(page: Page, field: Locator, value: string) {
  await tabTo(page, field);
  await page.keyboard.type(value);
}

/** Chooses an option of a closed select with the arrow keys, as a keyboard user does. */
async function chooseWithArrows(page: Page, select: Locator, value: string) {
  await tabTo(page, select);
  const count = await select.locator('option').count();
  for (let i = 0; i < count; i++) {
    if ((await select.inputValue()) === value) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`${value} cannot be chosen in ${select} with the arrow keys`);
}

describe('keyboard only', () => {
  it('a visitor runs the simulator, then signs up, with Tab, arrows, Space and Enter', async () => {
    const page = await scene.newPage('visitor');
    await page.goto('/');
    await chooseWithArrows(page, page.getByLabel("Secteur d'activité"), 'transport_routier');
    await typeInto(page, page.getByLabel('Véhicules de plus de 7,5 tonnes'), '4');
    await typeInto(page, page.getByLabel('Gazole consommé par an (L)'), '120000');
    await tabTo(page, page.getByRole('button', { name: 'Estimer mes remboursements' }));
    await page.keyboard.press('Enter');

    const results = page.getByRole('region', { name: 'Vos remboursements possibles' });
    await eventually(() => text(results)).toContain('TICPE');
    const ticpe = results.getByRole('checkbox', { name: /TICPE/ });
    await tabTo(page, ticpe);
    await page.keyboard.press('Space');
    await eventually(() => ticpe.isChecked()).toBe(false);
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('button', { name: 'Créer mon compte pour ouvrir ces dossiers' }));
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/inscription$/);
    await typeInto(page, page.getByLabel('Prénom'), 'Clavier');
    await typeInto(page, page.getByLabel('Nom', { exact: true }), `Client${run}`);
    await typeInto(page, page.getByLabel('Adresse e-mail'), `clavier.${run}@e2e.fr`);
    await typeInto(page, page.getByLabel('Mot de passe'), E2E_PASSWORD);
    await typeInto(page, page.getByLabel('Raison sociale'), `Clavier ${run}`);
    await typeInto(
      page,
      page.getByLabel('SIREN'),
      sirenWithCheckDigit(String(30_000_000 + Math.floor(Math.random() * 60_000_000))),
    );
    await chooseWithArrows(page, page.getByLabel('Secteur d’activité'), 'transport_routier');
    await chooseWithArrows(page, page.getByLabel('Effectif'), '10-49');
    await chooseWithArrows(page, page.getByLabel('Région'), 'bretagne');
    await tabTo(page, page.getByRole('button', { name: 'Créer mon compte' }));
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/espace$/);
    const row = page.getByTestId('dossier-row').filter({ hasText: 'TICPE' });
    await eventually(() => row.count()).toBe(1);
  });

  it('a client signs in, opens a dossier, then sends a message from the messaging, at 360 px', async () => {
    const page = await scene.newPage('client', { width: 360, height: 740 });
    await page.goto('/connexion');
    await typeInto(page, page.getByLabel('Adresse e-mail'), demoAccounts.client.email);
    await typeInto(page, page.getByLabel('Mot de passe'), demoAccounts.client.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/espace$/);

    const firstDossier = page.getByTestId('dossier-row').first().getByRole('link');
    await tabTo(page, firstDossier);
    const product = await text(firstDossier);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/dossiers\/[0-9a-f-]{36}$/);
    await eventually(() => text(page.getByRole('heading', { level: 1 }))).toBe(product);

    // The phone's tab bar, after the page's content.
    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /Messages/ }),
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/messages$/);
    await tabTo(page, page.getByTestId('conversation').first());
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);

    const written = `Envoyé au clavier ${run}`;
    await typeInto(page, page.getByRole('textbox', { name: 'Votre message' }), written);
    await page.keyboard.press('Enter');
    const sent = page.getByTestId('message').filter({ hasText: written });
    await eventually(() => sent.count()).toBe(1);
  });
});
