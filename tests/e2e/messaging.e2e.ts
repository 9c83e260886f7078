import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedDossierApi,
  eventually,
  logIn,
  E2E_PASSWORD as PASSWORD,
  setUpScene,
  text,
} from './support.ts';

const run = randomUUID().slice(0, 6);
const expert = { firstName: 'Hugo', lastName: `Conseil${run}`, email: `conseil.${run}@e2e.fr` };
const client = {
  firstName: 'Claire',
  lastName: `Atelier${run}`,
  email: `atelier.${run}@e2e.fr`,
  company: `Atelier ${run}`,
};

const scene = setUpScene();
let dossierId = '';

/** A TICPE dossier of a new client, assigned to a new expert who accepted it: both may talk in its conversation. */
beforeAll(async () => {
  dossierId = await acceptedDossierApi(scene.server, client, expert);
});

describe('real-time messaging on a dossier', () => {
  it('client and expert chat: typing indicator, instant delivery, read tick, unread badge', async () => {
    const clientPage = await scene.newPage('client');
    const clientKeys: string[] = [];
    // Socket.IO's event frames: `42["message:send",{…}]`, with the acknowledgement's id after the 42.
    clientPage.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        const frame = String(payload);
        if (!frame.startsWith('42') || !frame.includes('"message:send"')) return;
        clientKeys.push(JSON.parse(frame.slice(frame.indexOf('[')))[1].clientKey);
      }),
    );
    await clientPage.goto(`/dossiers/${dossierId}`);
    await logIn(clientPage, client.email, PASSWORD);
    await clientPage.waitForURL(new RegExp(`/dossiers/${dossierId}$`));
    await clientPage.getByRole('link', { name: 'Ouvrir dans la messagerie' }).click();
    await clientPage.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    const conversationPath = new URL(clientPage.url()).pathname;

    const expertPage = await scene.newPage('expert');
    await expertPage.goto(conversationPath);
    await logIn(expertPage, expert.email, PASSWORD);
    await expertPage.waitForURL(new RegExp(`${conversationPath}$`));
    // Online, not only named: the expert's socket has joined the conversation, so the client's typing reaches it.
    await eventually(() => text(expertPage.getByTestId('presence'))).toMatch(
      new RegExp(`${client.firstName} ${client.lastName}\\s*en ligne`),
    );

    const clientBox = clientPage.getByRole('textbox', { name: 'Votre message' });
    await clientBox.pressSequentially('Bonjour, voici notre relevé', { delay: 20 });
    await eventually(() => text(expertPage.getByTestId('typing'))).toBe(`${client.firstName} écrit…`);
    await clientBox.press('Enter');

    const received = expertPage.getByTestId('message').filter({ hasText: 'Bonjour, voici notre relevé' });
    await eventually(() => received.count()).toBe(1);
    await eventually(() => text(expertPage.getByTestId('typing'))).toBe('');
    const tick = clientPage.getByTestId('message').filter({ hasText: 'Bonjour' }).getByTestId('receipt');
    await eventually(() => tick.getAttribute('data-read')).toBe('true');
    await eventually(() => text(tick)).toContain('Lu');

    await expertPage.goto('/expert');
    await clientBox.fill('Le relevé de mars suit **demain**.');
    await clientBox.press('Enter');
    await eventually(() => text(expertPage.getByTestId('unread-total'))).toContain('1');
    await expertPage.getByRole('link', { name: /Messages/ }).click();
    await expertPage.getByTestId('conversation').first().click();
    const bold = expertPage.getByTestId('message').filter({ hasText: 'Le relevé de mars' }).locator('strong');
    await eventually(() => text(bold)).toBe('demain');
    // Time-ordered (UUID v7): each key is written next to the sender's previous ones in the deduplication index.
    expect(clientKeys).toHaveLength(2);
    for (const key of clientKeys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);
    expect(clientKeys[0]! < clientKeys[1]!).toBe(true);
  });
});
