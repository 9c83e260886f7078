/**
 * Builds the SPA into client/dist with Vite, prerenders its public pages (client/src/prerender.tsx) into
 * client/dist/prerendered, then writes a brotli and a gzip version of each text file for the server to send as
 * they are. With `--if-stale`, builds only when the build is missing or older than any of its sources (client
 * sources, the shared schemas, the Vite config and its aliases), so `npm start` stays fast.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type RenderedPage, renderedPageHtml } from '../common/page-html.ts';
import { precompress } from './precompress.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = path.join(root, 'client');
const distDir = path.join(clientDir, 'dist');
const builtIndex = path.join(distDir, 'index.html');
const configFile = path.join(clientDir, 'vite.config.ts');
/** Written last: a build interrupted before the end (prerendering, compression) is stale. */
const builtMarker = path.join(distDir, '.built');
/** The rendering module's own build (client/src/prerender.tsx): the build prerenders with it, the server renders
 *  public pages with their data with it (server/platform/server-rendering.ts looks for it beside the client's). */
const rendererDir = `${distDir}-ssr`;
const sources = [
  path.join(clientDir, 'src'),
  path.join(clientDir, 'public'),
  path.join(clientDir, 'index.html'),
  path.join(clientDir, 'vite.config.ts'),
  path.join(clientDir, 'react-on-preact.ts'),
  path.join(root, 'scripts', 'compile-hints.ts'),
  path.join(root, 'common'),
  path.join(root, 'package-lock.json'),
  path.join(root, 'scripts', 'build-client.ts'),
  path.join(root, 'scripts', 'precompress.ts'),
];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function clientBuildIsStale(): boolean {
  if (!existsSync(builtMarker) || !existsSync(path.join(rendererDir, 'prerender.js'))) return true;
  const builtAt = statSync(builtMarker).mtimeMs;
  return sources.some((source) => newestMtime(source) > builtAt);
}

type Prerenderer = {
  prerenderedPages: Record<string, string>;
  prerender: (url: string) => Promise<RenderedPage>;
};

/** Builds the rendering module, then writes each prerendered page into the built shell (common/page-html.ts). */
async function prerenderPages(build: typeof import('vite').build) {
  await build({
    configFile,
    logLevel: 'warn',
    build: {
      ssr: path.join(clientDir, 'src', 'prerender.tsx'),
      outDir: rendererDir,
      emptyOutDir: true,
      sourcemap: false,
      manifest: false,
      copyPublicDir: false,
      // One file: the server loads a rebuilt module afresh (server-rendering.ts), which chunks shared by name with
      // the previous build, and bound to its instance, would defeat.
      rollupOptions: { output: { inlineDynamicImports: true } },
    },
  });
  const { prerenderedPages, prerender } = (await import(
    pathToFileURL(path.join(rendererDir, 'prerender.js')).href
  )) as Prerenderer;
  const shell = await readFile(builtIndex, 'utf8');
  const stylesheet = (href: string) => readFileSync(path.join(distDir, href), 'utf8');
  await mkdir(path.join(distDir, 'prerendered'), { recursive: true });
  for (const [url, name] of Object.entries(prerenderedPages)) {
    const html = renderedPageHtml(shell, await prerender(url), stylesheet);
    await writeFile(path.join(distDir, 'prerendered', `${name}.html`), html);
  }
}

async function main() {
  if (process.argv.includes('--if-stale') && !clientBuildIsStale()) return;
  const { build } = await import('vite');
  console.log('Building the web client…');
  await build({ configFile, logLevel: 'warn' });
  await prerenderPages(build);
  await precompress(distDir);
  await writeFile(builtMarker, new Date().toISOString());
  console.log('Web client built in client/dist');
}

await main();
// The prerendered app's modules keep handles open (the session's BroadcastChannel): the build is done.
process.exit(0);
