import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedDossierApi,
  callApi,
  eventually,
  logIn,
  logInApi,
  E2E_PASSWORD as PASSWORD,
  setUpScene,
} from './support.ts';

const run = randomUUID().slice(0, 6);
const expert = { firstName: 'Inès', lastName: `Suivi${run}`, email: `suivi.${run}@e2e.fr` };
const client = {
  firstName: 'Paul',
  lastName: `Rattrapage${run}`,
  email: `rattrapage.${run}@e2e.fr`,
  company: `Rattrapage ${run}`,
};

const scene = setUpScene();
let dossierId = '';

beforeAll(async () => {
  dossierId = await acceptedDossierApi(scene.server, client, expert);
});

/** A signed-in client's page, on their dashboard, once what the set-up started (its notifications) is over. */
async function signedInClient(who: string): Promise<Page> {
  const page = await scene.newPage(who);
  await page.goto('/connexion');
  await logIn(page, client.email, PASSWORD);
  await page.waitForURL(/\/espace$/);
  await page.waitForTimeout(1500);
  return page;
}

/** Resolves with the server's answer to the page's `sync:missed` (a Socket.IO acknowledgement frame). */
function syncAnswer(page: Page): Promise<boolean> {
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('the page never asked what it missed (sync:missed)')), 20_000);
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        const missed = /^43\d+\[\{"missed":(true|false)\}\]$/.exec(String(payload));
        if (missed) resolve(missed[1] === 'true');
      });
    });
  });
}

describe('a page rendered with its data, once its socket connects', () => {
  it('asks the API nothing again when nothing moved since its rendering', async () => {
    const page = await signedInClient('unchanged');
    const answered = syncAnswer(page);
    const asked: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/') && pathname !== '/api/auth/refresh') asked.push(pathname);
    });
    await page.goto(`/dossiers/${dossierId}`);
    expect(await answered).toBe(false);
    await page.waitForTimeout(1000);
    expect(asked).toEqual([]);
  });

  it('reads its data again and shows what moved between its rendering and the connection', async () => {
    const page = await signedInClient('moved');
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The socket connects only once the expert has written in the dossier's conversation.
    await page.routeWebSocket(/\/socket\.io\//, async (socket) => {
      await held;
      socket.connectToServer();
    });
    const answered = syncAnswer(page);
    await page.goto(`/dossiers/${dossierId}`);
    await eventually(() => page.getByText('Expert assigné').count()).toBeGreaterThan(0);
    const written = page.getByText('Pouvez-vous signer la lettre de mission ?');
    expect(await written.count()).toBe(0);
    const { accessToken } = await logInApi(scene.server, expert.email);
    const conversation = await callApi<{ id: string }>(
      scene.server,
      'GET',
      `/api/dossiers/${dossierId}/conversation`,
      { token: accessToken },
    );
    await callApi(scene.server, 'POST', `/api/conversations/${conversation.id}/messages`, {
      token: accessToken,
      body: { clientKey: randomUUID(), body: 'Pouvez-vous signer la lettre de mission ?', attachmentIds: [] },
    });
    release();
    expect(await answered).toBe(true);
    await eventually(() => written.count()).toBe(1);
  });
});
