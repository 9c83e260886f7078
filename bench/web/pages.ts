import { demoAccounts } from '../../server/db/seed/demo.ts';
import { callApi, logInApi, type RunningServer } from '../../tests/e2e/support.ts';
import type { InteractionWalk } from './interactions.ts';

export type WebPage = { name: string; path: string; as?: keyof typeof demoAccounts };

/** The main pages, on the demo data: public ones anonymous, the others as the demo account that uses them. */
export async function webPages(
  server: RunningServer,
): Promise<{ pages: WebPage[]; interactions: InteractionWalk[] }> {
  const client = await logInApi(server, demoAccounts.client.email, demoAccounts.client.password);
  const first = async (path: string, token?: string) => {
    const { items } = await callApi<{ items: { id: string }[] }>(server, 'GET', path, { token });
    if (!items[0]) throw new Error(`${path} lists nothing in the demo data`);
    return items[0].id;
  };
  const [expertId, dossierId, conversationId] = await Promise.all([
    first('/api/experts'),
    first('/api/dossiers', client.accessToken),
    first('/api/conversations', client.accessToken),
  ]);
  const pages: WebPage[] = [
    { name: 'landing', path: '/' },
    { name: 'login', path: '/connexion' },
    { name: 'marketplace', path: '/experts' },
    { name: 'expert_profile', path: `/experts/${expertId}` },
    { name: 'client_dashboard', path: '/espace', as: 'client' },
    { name: 'dossier', path: `/dossiers/${dossierId}`, as: 'client' },
    { name: 'messaging', path: `/messages/${conversationId}`, as: 'client' },
    { name: 'admin_dashboard', path: '/admin', as: 'admin' },
  ];
  const interactions: InteractionWalk[] = [
    {
      name: 'marketplace_search',
      path: '/experts',
      // Not "until the network is idle": the Intl warm-up worker's script request never ends for the page's
      // network manager (the worker's own target receives its response).
      walk: async (page) => {
        const answered = page.waitForResponse(
          (r) => r.url().includes('/api/experts?') && new URL(r.url()).searchParams.get('q') === 'fiscalité',
        );
        await page.locator('::-p-aria(Rechercher un expert)').click();
        await page.keyboard.type('fiscalité', { delay: 120 });
        await answered;
        await page.waitForFunction(
          `document.querySelector('[aria-labelledby="results-count"]')?.getAttribute('aria-busy') === 'false'`,
        );
      },
    },
    {
      name: 'send_message',
      path: `/messages/${conversationId}`,
      as: 'client',
      walk: async (page) => {
        const text = `Relevé de mars envoyé ${Date.now()}`;
        await page.locator('::-p-aria(Votre message)').click();
        await page.keyboard.type(text, { delay: 60 });
        await page.keyboard.press('Enter');
        await page.waitForFunction(`document.body.innerText.includes(${JSON.stringify(text)})`);
      },
    },
  ];
  return { pages, interactions };
}
