import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import {
  approvedExpertApi,
  callApi,
  eligibleDossierApi,
  eventually,
  logIn,
  logInApi,
  E2E_PASSWORD as PASSWORD,
  setUpScene,
  text,
} from './support.ts';

const run = randomUUID().slice(0, 6);
const expert = { firstName: 'Nora', lastName: `Alerte${run}`, email: `alerte.${run}@e2e.fr` };
const client = {
  firstName: 'Paul',
  lastName: `Cloche${run}`,
  email: `cloche.${run}@e2e.fr`,
  company: `Cloche ${run}`,
};

const scene = setUpScene();
let dossierId = '';
let requestId = '';
let clientToken = '';

/** An eligible TICPE dossier of a new client, who asked a new approved expert to take it (through the API). */
beforeAll(async () => {
  const expertUser = await approvedExpertApi(scene.server, expert, ['TICPE'], 'bretagne');
  const dossier = await eligibleDossierApi(scene.server, client, 'TICPE');
  dossierId = dossier.id;
  const owner = await logInApi(scene.server, client.email);
  clientToken = owner.accessToken;
  const request = await callApi<{ id: string }>(
    scene.server,
    'POST',
    `/api/dossiers/${dossierId}/expert-requests`,
    {
      token: owner.accessToken,
      body: { expertId: expertUser.id },
    },
  );
  requestId = request.id;
});

const bell = (page: Page) => page.getByRole('button', { name: /^Notifications/ });
/** The count on the bell's badge (none shown: 0). */
const badgeCount = async (page: Page) => {
  const badge = page.getByTestId('notification-badge');
  return (await badge.count()) ? Number(await text(badge)) : 0;
};
const unreadOfClient = async () =>
  (
    await callApi<{ unread: number }>(scene.server, 'GET', '/api/notifications/unread', {
      token: clientToken,
    })
  ).unread;

describe('notifications in the web client', () => {
  it('the client’s bell counts up live when the expert accepts the request', async () => {
    const page = await scene.newPage('client');
    await page.goto('/espace');
    await logIn(page, client.email, PASSWORD);
    await page.waitForURL(/\/espace$/);
    await bell(page).waitFor();
    const before = await unreadOfClient();
    await eventually(() => badgeCount(page)).toBe(before);

    const expertSession = await logInApi(scene.server, expert.email);
    await callApi(scene.server, 'POST', `/api/expert-requests/${requestId}/accept`, {
      token: expertSession.accessToken,
    });

    // Accepting may also move the dossier (its own notification): the count goes up by what the server counts.
    await eventually(() => badgeCount(page)).toBeGreaterThan(before);
    const after = await unreadOfClient();
    await eventually(() => badgeCount(page)).toBe(after);
    expect(await bell(page).getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('button', { name: new RegExp(`^Notifications, ${after} non lues?$`) }).waitFor();
  });

  it('clicking the notification in the bell opens the dossier and marks it read', async () => {
    const page = scene.pages.client!;
    const unreadBefore = await badgeCount(page);
    await bell(page).click();
    await eventually(() => bell(page).getAttribute('aria-expanded')).toBe('true');
    const accepted = page
      .getByTestId('bell-notification')
      .filter({ hasText: `${expert.firstName} ${expert.lastName} a accepté` });
    await accepted.first().click();

    await page.waitForURL(new RegExp(`/dossiers/${dossierId}$`));
    await eventually(() => text(page.getByTestId('dossier-expert'))).toBe(
      `${expert.firstName} ${expert.lastName}`,
    );
    await eventually(() => badgeCount(page)).toBe(unreadBefore - 1);
  });

  it('the bell’s dropdown closes with Escape and gives the focus back to the bell', async () => {
    const page = scene.pages.client!;
    await bell(page).click();
    await page.getByRole('heading', { name: 'Notifications', level: 2 }).waitFor();
    await page.keyboard.press('Escape');
    await eventually(() => bell(page).getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('aria-expanded')")).toBe(
      'false',
    );
  });

  it('preferences change and survive a reload', async () => {
    const page = scene.pages.client!;
    await page.goto('/notifications/preferences');
    const messageEmail = page.getByRole('checkbox', { name: 'Nouveau message : E-mail' });
    await eventually(() => messageEmail.isChecked()).toBe(true);
    await messageEmail.uncheck();
    await page.getByRole('checkbox', { name: 'Activer les heures calmes' }).check();
    await page.getByLabel('Début').fill('21:30');
    await page.getByRole('radio', { name: 'Chaque jour à 8 h' }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await eventually(() => text(page.getByRole('status').filter({ hasText: 'Préférences' }))).toBe(
      'Préférences enregistrées.',
    );

    await page.reload();
    await eventually(() => page.getByRole('checkbox', { name: 'Nouveau message : E-mail' }).isChecked()).toBe(
      false,
    );
    expect(await page.getByRole('checkbox', { name: 'Nouveau message : Navigateur' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Début').inputValue()).toBe('21:30');
    expect(await page.getByRole('radio', { name: 'Chaque jour à 8 h' }).isChecked()).toBe(true);
    const locked = page.getByRole('checkbox', { name: 'Nouvelle connexion : E-mail' });
    expect(await locked.isDisabled()).toBe(true);
    expect(await locked.isChecked()).toBe(true);
  });

  it('an admin sends an announcement to experts only: an expert sees it, the client does not', async () => {
    const title = `Nouveautés experts ${run}`;
    const admin = await scene.newPage('admin');
    await admin.goto('/admin/announcements');
    await logIn(admin, demoAccounts.admin.email, demoAccounts.admin.password);
    await admin.waitForURL(/\/admin\/announcements$/);
    const french = admin.getByRole('group', { name: 'En français' });
    await french.getByLabel('Titre').fill(title);
    await french.getByLabel('Message').fill('Un nouveau tableau de bord vous attend.');
    const english = admin.getByRole('group', { name: 'En anglais' });
    await english.getByLabel('Titre').fill(`Expert news ${run}`);
    await english.getByLabel('Message').fill('A new dashboard awaits you.');
    await admin.getByRole('group', { name: 'Rôles' }).getByText('Expert', { exact: true }).click();

    const experts = await callApi<{ items: unknown[]; nextCursor: string | null }>(
      scene.server,
      'GET',
      '/api/admin/users?role=expert&status=active&limit=100',
      {
        token: (await logInApi(scene.server, demoAccounts.admin.email, demoAccounts.admin.password))
          .accessToken,
      },
    );
    expect(experts.nextCursor).toBeNull();
    await admin.getByRole('button', { name: 'Compter les destinataires' }).click();
    await eventually(() => text(admin.getByTestId('recipient-count'))).toContain(
      `${experts.items.length} destinataires`,
    );
    await admin.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await eventually(() => text(admin.getByRole('status').filter({ hasText: 'Annonce envoyée' }))).toBe(
      'Annonce envoyée.',
    );
    const row = admin.getByTestId('announcement-row').filter({ hasText: title });
    await eventually(() => row.count()).toBe(1);

    const expertPage = await scene.newPage('expert');
    await expertPage.goto('/notifications');
    await logIn(expertPage, expert.email, PASSWORD);
    await expertPage.waitForURL(/\/notifications$/);
    const received = expertPage.getByTestId('notification').filter({ hasText: title });
    await eventually(() => received.count()).toBe(1);
    await received.getByRole('link').click();
    await expertPage.waitForURL(/\/notifications\?id=/);
    await eventually(() => received.getAttribute('data-read')).toBe('true');

    const clientPage = scene.pages.client!;
    await clientPage.goto('/notifications');
    await clientPage.getByTestId('notification').first().waitFor();
    expect(await clientPage.getByTestId('notification').filter({ hasText: title }).count()).toBe(0);
  });
});
