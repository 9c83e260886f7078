import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts } from '../../server/db/seed/demo.ts';
import { callApi, eventually, logInApi, setUpScene } from './support.ts';

/** axe-core's WCAG 2.1 A and AA rules. */
const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const widths = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 740 } };
type Locale = 'fr' | 'en';
type Role = 'visitor' | 'client' | 'admin';

const scene = setUpScene();
const ids = { expert: '', dossier: '', conversation: '' };

beforeAll(async () => {
  const client = await logInApi(scene.server, demoAccounts.client.email, demoAccounts.client.password);
  const conversations = await callApi<{ items: { id: string; dossier: { id: string } | null }[] }>(
    scene.server,
    'GET',
    '/api/conversations',
    { token: client.accessToken },
  );
  const experts = await callApi<{ items: { id: string }[] }>(scene.server, 'GET', '/api/experts');
  const conversation = conversations.items[0];
  expect(conversation?.dossier, 'the demo client has a dossier conversation').toBeTruthy();
  ids.conversation = conversation!.id;
  ids.dossier = conversation!.dossier!.id;
  ids.expert = experts.items[0]!.id;
});

/** The main pages, by who sees them; `ready` is what shows the page has rendered its content. */
const pages: {
  name: string;
  role: Role;
  path: () => string;
  ready: string;
  act?: (page: Page) => Promise<void>;
}[] = [
  { name: 'landing', role: 'visitor', path: () => '/', ready: 'select[name="sector"]' },
  {
    name: 'landing with simulation results',
    role: 'visitor',
    path: () => '/',
    ready: 'select[name="sector"]',
    act: async (page) => {
      await page.locator('select[name="sector"]').selectOption('transport_routier');
      await page.locator('input[name="heavyVehicles"]').fill('4');
      await page.locator('input[name="dieselLitres"]').fill('120000');
      await page.locator('form button[type="submit"]').first().click();
      await page.locator('#results-title').waitFor();
    },
  },
  { name: 'login', role: 'visitor', path: () => '/connexion', ready: 'input[type="password"]' },
  { name: 'register', role: 'visitor', path: () => '/inscription', ready: 'input[type="password"]' },
  {
    name: 'forgot password',
    role: 'visitor',
    path: () => '/mot-de-passe-oublie',
    ready: 'input[type="email"]',
  },
  {
    name: 'reset password',
    role: 'visitor',
    path: () => '/reinitialiser-mot-de-passe?token=a-link-from-an-e-mail',
    ready: 'input[type="password"]',
  },
  { name: 'marketplace', role: 'visitor', path: () => '/experts', ready: '[data-testid="expert-card"]' },
  { name: 'expert profile', role: 'visitor', path: () => `/experts/${ids.expert}`, ready: 'main h1' },
  { name: 'client dashboard', role: 'client', path: () => '/espace', ready: '[data-testid="dossier-row"]' },
  { name: 'dossier', role: 'client', path: () => `/dossiers/${ids.dossier}`, ready: '[data-status]' },
  { name: 'my documents', role: 'client', path: () => '/documents', ready: 'main h1' },
  {
    name: 'messaging',
    role: 'client',
    path: () => `/messages/${ids.conversation}`,
    ready: '[data-testid="message"]',
  },
  { name: 'admin dashboard', role: 'admin', path: () => '/admin', ready: '[data-testid="kpi-opened"]' },
  {
    name: 'admin users',
    role: 'admin',
    path: () => '/admin/utilisateurs',
    ready: '[data-testid="user-row"]',
  },
  { name: 'admin dossiers', role: 'admin', path: () => '/admin/dossiers', ready: 'main h1' },
  { name: 'admin join requests', role: 'admin', path: () => '/admin/adhesions', ready: 'main h1' },
  {
    name: 'notification bell open',
    role: 'client',
    path: () => '/espace',
    ready: '[data-testid="dossier-row"]',
    act: async (page) => {
      await page.getByRole('button', { name: /^Notifications/ }).click();
      await page.getByTestId('bell-notification').first().waitFor();
    },
  },
  {
    name: 'notification centre',
    role: 'client',
    path: () => '/notifications',
    ready: '[data-testid="notification"]',
  },
  {
    name: 'notification preferences',
    role: 'client',
    path: () => '/notifications/preferences',
    ready: '[data-testid="preference-row"]',
  },
  { name: 'admin announcements', role: 'admin', path: () => '/admin/announcements', ready: 'main h1' },
  { name: 'admin e-mails', role: 'admin', path: () => '/admin/emails', ready: 'main h1' },
];

const accounts = { client: demoAccounts.client, admin: demoAccounts.admin };

/** A browser context in this language, signed in as the role (the refresh cookie of an API login). */
async function contextFor(role: Role, locale: Locale): Promise<BrowserContext> {
  const context = await scene.browser.newContext({ baseURL: scene.server.baseUrl, locale: `${locale}-FR` });
  await context.addInitScript((lang) => localStorage.setItem('ft.locale', lang), locale);
  if (role !== 'visitor') {
    const response = await context.request.post('/api/auth/login', { data: accounts[role] });
    expect(response.ok()).toBe(true);
  }
  return context;
}

/** What on the page animates for ever (WCAG 2.2.2: what moves on its own stops within 5 s, or can be stopped). */
const endlessAnimations = (page: Page) =>
  page.evaluate<string[]>(
    `document.getAnimations()
      .filter((a) => a.effect.getComputedTiming().iterations === Infinity)
      .map((a) => a.effect.target.outerHTML.slice(0, 120))`,
  );

/** The violations as one readable line each: rule, impact, the first offending elements. */
const describeViolations = (violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']) =>
  violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(' | ')}`,
  );

for (const locale of ['fr', 'en'] as const) {
  describe(`WCAG 2.1 A/AA in ${locale}`, () => {
    const contexts: Partial<Record<Role, BrowserContext>> = {};
    const pageOf = async (role: Role) => {
      contexts[role] ??= await contextFor(role, locale);
      const existing = contexts[role].pages()[0];
      if (existing) return existing;
      const page = await contexts[role].newPage();
      page.setDefaultTimeout(30_000);
      scene.pages[`${locale}-${role}`] = page;
      return page;
    };

    for (const target of pages) {
      it(`${target.name}: no violation, no sideways scrolling (desktop and 360 px), nothing moving for ever`, async () => {
        const page = await pageOf(target.role);
        await page.setViewportSize(widths.desktop);
        await page.goto(target.path());
        // A page rendered ahead arrives in French; the app renders it again in the visitor's language.
        await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
        await page.locator(target.ready).first().waitFor();
        await target.act?.(page);
        // The same page at both widths: the layout changes with the viewport, the content stays.
        for (const [width, viewport] of Object.entries(widths)) {
          await page.setViewportSize(viewport);
          const { violations } = await new AxeBuilder({ page }).withTags(wcag21aa).analyze();
          expect(describeViolations(violations), `${target.name}, ${locale}, ${width}`).toEqual([]);
          const sideways = await page.evaluate<number>(
            'document.documentElement.scrollWidth - window.innerWidth',
          );
          expect(sideways, `${target.name}, ${locale}, ${width}: scrolls sideways`).toBeLessThanOrEqual(0);
        }
        // A placeholder may still pulse while its part loads; nothing pulses once the page has settled.
        await eventually(() => endlessAnimations(page)).toEqual([]);
      });
    }
  });
}
