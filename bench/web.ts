/**
 * `npm run bench:web`: builds the web client, starts the product as `npm start` does (production mode, embedded
 * PostgreSQL, demo data), and runs Lighthouse (performance only) on each main page, signed in as the demo account
 * the page needs, with Lighthouse's mobile defaults (simulated slow 4G, 4× CPU slowdown) and its desktop
 * configuration, beside the same on a floor: the static offline page, which needs no script and no API. Then it measures
 * the Interaction to Next Paint of the main interactions (typing a search, sending a message) in Chromium with the
 * CPU slowed down 4×. Prints the median of the runs (each metric on its own), the gzipped JavaScript of each page's
 * first render, then one JSON line. `BENCH_WEB_RUNS` (3) runs per page, `BENCH_WEB_PAGES=landing,login` a subset,
 * `BENCH_QUICK=1` one run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  clientDist,
  firstRenderJs,
  gzippedSize,
  kb,
  pageModules,
  readManifest,
} from '../scripts/client-bundle.ts';
import { demoAccounts } from '../server/db/seed/demo.ts';
import { type RunningServer, startServer } from '../tests/e2e/support.ts';
import { type InputEvent, measureInteractions } from './web/interactions.ts';
import {
  type Cookie,
  cookiesOf,
  type FormFactor,
  formFactors,
  openChromium,
  type Run,
} from './web/lighthouse.ts';
import { type WebPage, webPages } from './web/pages.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = process.env.BENCH_QUICK === '1' ? 1 : Number(process.env.BENCH_WEB_RUNS ?? 3);
const only = process.env.BENCH_WEB_PAGES?.split(',');

type Figures = {
  lcp_ms: number;
  tbt_ms: number;
  cls: number;
  js_kb_gz: number;
  score: number;
  lcp_floor_ratio?: number;
};

/** The floor: a page of the same server with no script, no font and no API call (the app's offline page). */
const floorPage: WebPage = { name: 'floor', path: '/offline.html' };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Gzipped size of the client's scripts a run loaded (every one of them, lazy chunks included). */
function scriptsKbGz(urls: string[]): number {
  let bytes = 0;
  for (const url of new Set(urls)) {
    const file = path.join(clientDist, new URL(url).pathname);
    if (existsSync(file)) bytes += gzippedSize(file);
  }
  return kb(bytes);
}

function summarise(runs: Run[]): Figures {
  return {
    lcp_ms: Math.round(median(runs.map((r) => r.lcp_ms))),
    tbt_ms: Math.round(median(runs.map((r) => r.tbt_ms))),
    cls: Math.round(median(runs.map((r) => r.cls)) * 1000) / 1000,
    js_kb_gz: median(runs.map((r) => scriptsKbGz(r.scripts))),
    score: median(runs.map((r) => r.score)),
  };
}

async function signedInCookies(
  server: RunningServer,
  as: keyof typeof demoAccounts | undefined,
): Promise<Cookie[]> {
  if (!as) return [];
  const res = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoAccounts[as]),
  });
  if (!res.ok) throw new Error(`login of the demo ${as}: ${res.status} ${await res.text()}`);
  return cookiesOf(res.headers.getSetCookie(), server.baseUrl);
}

/** A run again when Lighthouse gives up (a DevTools protocol timeout on a loaded machine), up to three times. */
async function withRetries(run: () => Promise<Run>): Promise<Run> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt === 3) throw error;
      console.warn(`  (run failed, again: ${(error as Error).message})`);
    }
  }
}

function printChunks() {
  const manifest = readManifest();
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  console.log('\nFirst-render JavaScript (entry + static imports + the page module), gzipped:');
  if (entry)
    console.log(`  ${'entry'.padEnd(52)} ${kb(gzippedSize(path.join(clientDist, entry.file)))} KB own`);
  for (const page of pageModules(manifest)) {
    const own = kb(gzippedSize(path.join(clientDist, manifest[page]!.file)));
    const total = kb(firstRenderJs(manifest, page).gzBytes);
    console.log(
      `  ${page.padEnd(52)} ${String(own).padStart(7)} KB own  ${String(total).padStart(7)} KB first render`,
    );
  }
}

function printTable(results: Record<string, Record<FormFactor, Figures>>) {
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  console.log(
    `\nLighthouse, median of ${RUNS} (mobile: simulated slow 4G and 4× CPU slowdown; desktop preset)`,
  );
  console.log(
    row([
      'page',
      ...formFactors.flatMap((f) => [`${f} LCP ms`, 'LCP / floor', 'TBT ms', 'CLS', 'score']),
      'JS KB gz',
    ]),
  );
  console.log(row(Array(2 + formFactors.length * 5).fill('---')));
  for (const [page, byFactor] of Object.entries(results)) {
    const cells = formFactors.flatMap((f) => {
      const r = byFactor[f];
      return [r.lcp_ms, r.lcp_floor_ratio ?? '-', r.tbt_ms, r.cls, r.score];
    });
    console.log(row([page, ...cells, byFactor.mobile.js_kb_gz]));
  }
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-client.ts')], { stdio: 'inherit' });
  const builtIndex = readFileSync(path.join(clientDist, 'index.html'), 'utf8');
  const loadBefore = os.loadavg()[0]!;
  const server = await startServer();
  const chromium = await openChromium();
  try {
    const all = await webPages(server);
    const pages = [floorPage, ...all.pages.filter((p) => !only || only.includes(p.name))];
    const walks = all.interactions.filter((w) => !only || only.includes(w.name));
    const runs: Record<string, Record<FormFactor, Run[]>> = {};
    const inp: Record<string, { inp_ms: number; events: number }[]> = {};
    const slowestText = (slowest: InputEvent[]) =>
      slowest.map((x) => `${x.event} ${Math.round(x.duration)} ms at ${x.at} ms`).join(', ');
    for (let i = 0; i < RUNS; i++) {
      for (const page of pages) {
        for (const formFactor of formFactors) {
          const run = await withRetries(async () =>
            chromium.run(`${server.baseUrl}${page.path}`, formFactor, await signedInCookies(server, page.as)),
          );
          runs[page.name] ??= { mobile: [], desktop: [] };
          runs[page.name]![formFactor].push(run);
          console.log(
            `  run ${i + 1}/${RUNS} ${page.name} ${formFactor}: LCP ${Math.round(run.lcp_ms)} ms, TBT ${Math.round(run.tbt_ms)} ms, CLS ${run.cls.toFixed(3)}`,
          );
        }
      }
      for (const walk of walks) {
        const cookies = await signedInCookies(server, walk.as);
        const measured = await measureInteractions(chromium.browser, server.baseUrl, walk, cookies);
        inp[walk.name] ??= [];
        inp[walk.name]!.push(measured);
        console.log(
          `  run ${i + 1}/${RUNS} ${walk.name}: INP ${Math.round(measured.inp_ms)} ms over ${measured.events} input events (slowest: ${slowestText(measured.slowest)})`,
        );
      }
    }
    const results = Object.fromEntries(
      Object.entries(runs).map(([page, r]) => [
        page,
        { mobile: summarise(r.mobile), desktop: summarise(r.desktop) },
      ]),
    );
    const floor = results[floorPage.name]!;
    for (const byFactor of Object.values(results)) {
      for (const f of formFactors) {
        byFactor[f].lcp_floor_ratio = Math.round((byFactor[f].lcp_ms / floor[f].lcp_ms) * 100) / 100;
      }
    }
    const interactions = Object.fromEntries(
      Object.entries(inp).map(([name, measured]) => [
        name,
        {
          inp_ms: Math.round(median(measured.map((m) => m.inp_ms))),
          inp_ms_worst_run: Math.round(Math.max(...measured.map((m) => m.inp_ms))),
          events: median(measured.map((m) => m.events)),
        },
      ]),
    );
    printTable(results);
    console.log(`\nInteraction to Next Paint, 4× CPU slowdown, median and worst of ${RUNS}`);
    for (const [name, r] of Object.entries(interactions)) {
      console.log(`  ${name.padEnd(20)} ${r.inp_ms} ms (worst run ${r.inp_ms_worst_run} ms)`);
    }
    printChunks();
    if (readFileSync(path.join(clientDist, 'index.html'), 'utf8') !== builtIndex) {
      console.warn('\nWARNING: client/dist was rebuilt during the run (another process): figures are mixed');
    }
    console.log(
      JSON.stringify({
        bench: 'web',
        scale: { runs: RUNS, cores: os.cpus().length, load_before: loadBefore, load_after: os.loadavg()[0] },
        results: Object.fromEntries(Object.entries(results).map(([page, r]) => [page, r.mobile])),
        desktop: Object.fromEntries(Object.entries(results).map(([page, r]) => [page, r.desktop])),
        interactions,
      }),
    );
  } finally {
    await chromium.close();
    await server.stop();
  }
}

await main();
