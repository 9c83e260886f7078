import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetsKb, checkBudgets, filesBudget, overBudget, publicPages } from './check-bundle-budget.ts';

/** A built client whose chunks weigh what is asked: random bytes do not compress. */
async function builtClient(dir: string, kbOf: Record<string, number>, manifest: object) {
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await mkdir(path.join(dir, '.vite'));
  for (const [file, kb] of Object.entries(kbOf))
    await writeFile(path.join(dir, file), randomBytes(kb * 1024));
  await writeFile(path.join(dir, '.vite', 'manifest.json'), JSON.stringify(manifest));
}

const [landing, login, ...otherPublicPages] = publicPages as [string, string, ...string[]];
let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), 'ft-budget-'));
  await builtClient(
    dist,
    {
      'assets/index.js': 60,
      'assets/vendor.js': 20,
      'assets/landing.js': 5,
      'assets/login.js': 30,
      'assets/dash.js': 10,
    },
    {
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vendor.js'] },
      '_vendor.js': { file: 'assets/vendor.js' },
      [landing]: { file: 'assets/landing.js', isDynamicEntry: true, src: landing, imports: ['_vendor.js'] },
      [login]: { file: 'assets/login.js', isDynamicEntry: true, src: login },
      'src/features/dossiers/DashboardPages.tsx': {
        file: 'assets/dash.js',
        isDynamicEntry: true,
        src: 'src/features/dossiers/DashboardPages.tsx',
      },
      '../node_modules/socket.io-client/build/esm/index.js': {
        file: 'assets/vendor.js',
        isDynamicEntry: true,
      },
      ...Object.fromEntries(
        otherPublicPages.map((page) => [
          page,
          { file: 'assets/landing.js', isDynamicEntry: true, src: page },
        ]),
      ),
    },
  );
});
afterAll(() => rm(dist, { recursive: true, force: true }));

describe('the first-render JavaScript budget', () => {
  it('weighs each page as the entry, its static imports and the page module, each chunk counted once', () => {
    const lines = checkBudgets(dist);
    const of = (page: string) => lines.find((line) => line.page === page);
    expect(of(landing)?.kb).toBeCloseTo(85, 0);
    expect(of(login)?.kb).toBeCloseTo(110, 0);
    expect(of('src/features/dossiers/DashboardPages.tsx')?.kb).toBeCloseTo(90, 0);
  });

  it('holds public pages to the public budget and every other page to the signed-in one', () => {
    const lines = checkBudgets(dist);
    expect(lines.find((line) => line.page === login)?.budgetKb).toBe(budgetsKb.public);
    expect(lines.find((line) => line.page === 'src/features/dossiers/DashboardPages.tsx')?.budgetKb).toBe(
      budgetsKb.signedIn,
    );
    const over = lines.filter((line) => line.kb > line.budgetKb).map((line) => line.page);
    expect(over).toEqual([login]);
  });

  it('counts the files each page needs before it renders', () => {
    const lines = checkBudgets(dist);
    expect(lines.find((line) => line.page === landing)?.files).toBe(3);
    expect(lines.find((line) => line.page === login)?.files).toBe(3);
  });

  it('holds every page to the budget of files, whatever their weight', () => {
    const light = { page: landing, kb: 1, budgetKb: budgetsKb.public };
    expect(overBudget({ ...light, files: filesBudget })).toBe(false);
    expect(overBudget({ ...light, files: filesBudget + 1 })).toBe(true);
  });

  it('checks pages only, not the other modules loaded on demand', () => {
    expect(checkBudgets(dist).map((line) => line.page)).not.toContain(
      '../node_modules/socket.io-client/build/esm/index.js',
    );
  });
});
