/**
 * `npm run check:bundle` (part of `npm test`): fails when a page's first-render JavaScript — the entry, its static
 * imports and the page's lazy module with its own, gzipped — exceeds its budget. Builds the client first when its
 * build is stale, as `npm start` does. Every page module the build finds is checked: those of `publicPages` against
 * the public budget, any other (signed-in pages, and every page added later) against the signed-in one.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientDist, firstRenderJs, kb, pageModules, readManifest } from './client-bundle.ts';

/** Gzipped KB a page may need before it renders (issue 12): React's API on Preact leaves room for the pages' own. */
export const budgetsKb = { public: 100, signedIn: 150 };

/**
 * Files a page may need before it renders: each one asked for while a page starts costs its main thread a
 * `modulepreload` link (0.4-0.7 ms on a desktop core, four times that on a phone), whatever its size.
 */
export const filesBudget = 20;

/** The pages an anonymous visitor lands on, by module (their path relative to client/). */
export const publicPages = [
  'src/features/simulator/SimulatorPage.tsx',
  'src/features/auth/LoginPage.tsx',
  'src/features/experts/MarketplacePage.tsx',
  'src/features/experts/ExpertProfilePage.tsx',
];

export type BudgetLine = { page: string; kb: number; budgetKb: number; files: number };

export const overBudget = (line: BudgetLine) => line.kb > line.budgetKb || line.files > filesBudget;

export function checkBudgets(distDir = clientDist): BudgetLine[] {
  const manifest = readManifest(distDir);
  const pages = pageModules(manifest);
  const missing = publicPages.filter((page) => !pages.includes(page));
  if (missing.length)
    throw new Error(`public pages not found among the build's page modules: ${missing.join(', ')}`);
  return pages.map((page) => {
    const firstRender = firstRenderJs(manifest, page, distDir);
    return {
      page,
      kb: kb(firstRender.gzBytes),
      budgetKb: publicPages.includes(page) ? budgetsKb.public : budgetsKb.signedIn,
      files: firstRender.files.length,
    };
  });
}

function main() {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-client.ts'), '--if-stale'], {
    stdio: 'inherit',
  });
  const lines = checkBudgets();
  for (const line of lines) {
    const verdict = overBudget(line) ? 'OVER BUDGET' : 'ok';
    console.log(
      `${line.page.padEnd(52)} ${String(line.kb).padStart(6)} / ${line.budgetKb} KB gz` +
        ` ${String(line.files).padStart(3)} / ${filesBudget} files  ${verdict}`,
    );
  }
  const over = lines.filter(overBudget);
  if (over.length) {
    console.error(`\n${over.length} page(s) over their first-render JavaScript budget`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
