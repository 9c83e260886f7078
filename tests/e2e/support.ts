import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { sirenWithCheckDigit } from '../../common/siren.ts';
import { DEMO_COMPLETE, demoAccounts } from '../../server/db/seed/demo.ts';
import { serverNodeFlags } from '../../server/runtime-flags.ts';
import { freePort } from '../support/ports.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = path.join(root, 'tests', 'e2e', 'artifacts');

export type RunningServer = { baseUrl: string; stop: () => Promise<void>; output: () => string };

/**
 * Starts the product exactly as `npm start` does (built client, embedded PostgreSQL, demo data), in production
 * mode, on a fresh data directory and a free port.
 */
export async function startServer(): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ft-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    // No load balancer to drain from.
    SHUTDOWN_DRAIN_MS: '0',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child: ChildProcess = spawn(process.execPath, [...serverNodeFlags, 'server/main.ts'], {
    cwd: root,
    env,
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const baseUrl = `http://localhost:${port}`;

  // Serving starts before the demo's documents, workflows and reports are in: the tests and the benchmarks start
  // once they are, not beside their making.
  const deadline = Date.now() + 180_000;
  while (!output.includes(DEMO_COMPLETE)) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not complete its demo data:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A desktop page in French on the app at `baseURL`, downloads accepted, its errors logged under `who` (and kept in
 * `pages` for the screenshots of a failed test).
 */
export async function desktopPage(
  browser: Browser,
  baseURL: string,
  who: string,
  pages: Record<string, Page | undefined>,
): Promise<Page> {
  const context = await browser.newContext({
    baseURL,
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  pages[who] = page;
  page.on('pageerror', (error) => console.error(`[${who}] page error:`, error.message));
  return page;
}

/** The WCAG 2.1 A/AA violations axe finds on the page (or in `include`), each as `rule: its elements`. */
export async function wcagViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const { violations } = await (include ? builder.include(include) : builder).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** How far the page scrolls sideways: 0 or less when it fits its viewport. */
export const sidewaysOverflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

/** Saves a full-page screenshot of each open page, named after the failed test. */
export async function screenshotAll(testName: string, pages: Record<string, Page | undefined>) {
  mkdirSync(artifactsDir, { recursive: true });
  const slug = testName.replace(/[^\w-]+/g, '-').slice(0, 80);
  for (const [who, page] of Object.entries(pages)) {
    if (!page || page.isClosed()) continue;
    await page
      .screenshot({ path: path.join(artifactsDir, `${slug}-${who}.png`), fullPage: true })
      .catch(() => {});
  }
}

/**
 * A call to the running server (JSON, or a form for an upload), for setting the scene quickly before the browser
 * takes over.
 */
export async function callApi<T = any>(
  server: RunningServer,
  method: string,
  path: string,
  options: { body?: unknown; token?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  const { body } = options;
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers,
    body: body instanceof FormData || body === undefined ? body : JSON.stringify(body),
  });
  const answer = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(answer)}`);
  return answer as T;
}

/** Retries an assertion on the page until it holds, as the UI settles. */
export const eventually = <T>(read: () => Promise<T>) =>
  expect.poll(read, { timeout: 15_000, interval: 100 });
export const text = async (locator: Locator) => ((await locator.first().textContent()) ?? '').trim();

/** Holds the page's requests for a module back until `release`; `asked` settles once the page has asked for it. */
export async function holdBack(page: Page, module: RegExp) {
  const asked = Promise.withResolvers<void>();
  const held = Promise.withResolvers<void>();
  await page.route(module, async (route) => {
    asked.resolve();
    await held.promise;
    await route.continue();
  });
  return { asked: asked.promise, release: () => held.resolve() };
}

export async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * One server and one browser for a spec file, a context per person, and screenshots of every open page when a
 * test fails.
 */
export function setUpScene() {
  const scene = {
    server: undefined as unknown as RunningServer,
    browser: undefined as unknown as Browser,
    pages: {} as Record<string, Page>,
    async newPage(who: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
      const context = await scene.browser.newContext({
        baseURL: scene.server.baseUrl,
        locale: 'fr-FR',
        viewport,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      scene.pages[who] = page;
      return page;
    },
  };
  beforeAll(async () => {
    scene.server = await startServer();
    scene.browser = await launchBrowser();
  });
  afterAll(async () => {
    await scene.browser?.close();
    await scene.server?.stop();
  });
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => screenshotAll(task.name, scene.pages));
  });
  return scene;
}

type Person = { firstName: string; lastName: string; email: string };
type Session = { user: { id: string }; accessToken: string };
export const E2E_PASSWORD = 'E2e-Password-2026';

export const logInApi = (server: RunningServer, email: string, password = E2E_PASSWORD) =>
  callApi<Session>(server, 'POST', '/api/auth/login', { body: { email, password } });

/** A new expert of these specialties, approved by the demo admin. */
export async function approvedExpertApi(
  server: RunningServer,
  expert: Person,
  specialties: string[],
  region: string,
) {
  const admin = await logInApi(server, demoAccounts.admin.email, demoAccounts.admin.password);
  const { user } = await callApi<Session>(server, 'POST', '/api/auth/register', {
    body: {
      role: 'expert',
      password: E2E_PASSWORD,
      ...expert,
      expert: { specialties, regions: [region], languages: ['fr'], bio: '' },
    },
  });
  await callApi(server, 'POST', `/api/admin/users/${user.id}/approve`, {
    token: admin.accessToken,
    body: {},
  });
  return user;
}

/** A new client company with a dossier of this product, walked to `eligible` (its client, then the admin). */
export async function eligibleDossierApi(
  server: RunningServer,
  client: Person & { company: string },
  productCode: string,
) {
  const owner = await callApi<Session>(server, 'POST', '/api/auth/register', {
    body: {
      role: 'client',
      password: E2E_PASSWORD,
      email: client.email,
      firstName: client.firstName,
      lastName: client.lastName,
      company: {
        name: client.company,
        siren: sirenWithCheckDigit(String(10_000_000 + Math.floor(Math.random() * 89_000_000))),
        sector: 'transport_routier',
        size: '10-49',
        region: 'auvergne-rhone-alpes',
      },
    },
  });
  const admin = await logInApi(server, demoAccounts.admin.email, demoAccounts.admin.password);
  const { id } = await callApi<{ id: string }>(server, 'POST', '/api/dossiers', {
    token: owner.accessToken,
    body: { productCode },
  });
  const move = (token: string, to: string) =>
    callApi(server, 'POST', `/api/dossiers/${id}/transitions`, { token, body: { to } });
  await move(owner.accessToken, 'pre_eligibility_pending');
  await move(owner.accessToken, 'pre_eligibility_review');
  await move(admin.accessToken, 'eligible');
  return { id, admin, move };
}

/**
 * A TICPE dossier of a new client, assigned by the admin to a new approved expert who accepted it (expert_assigned);
 * its id.
 */
export async function acceptedDossierApi(
  server: RunningServer,
  client: Person & { company: string },
  expert: Person,
): Promise<string> {
  const expertUser = await approvedExpertApi(server, expert, ['TICPE'], 'bretagne');
  const dossier = await eligibleDossierApi(server, client, 'TICPE');
  await callApi(server, 'POST', `/api/admin/dossiers/${dossier.id}/assign`, {
    token: dossier.admin.accessToken,
    body: { expertId: expertUser.id },
  });
  await dossier.move((await logInApi(server, expert.email)).accessToken, 'expert_assigned');
  return dossier.id;
}
