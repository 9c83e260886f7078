/**
 * What the built client makes a browser download, read from Vite's manifest (`client/dist/.vite/manifest.json`):
 * the chunks a page needs for its first render and their gzipped sizes. Shared by the bundle budget
 * (`scripts/check-bundle-budget.ts`) and the web benchmark (`bench/web.ts`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const clientDist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'client', 'dist');

type ManifestChunk = {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
};
export type Manifest = Record<string, ManifestChunk>;

export function readManifest(distDir = clientDist): Manifest {
  const file = path.join(distDir, '.vite', 'manifest.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: build the client first (npm run build)`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Gzipped size in bytes, at the level the build precompresses with. */
export function gzippedSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

export const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** A chunk's file and those of its static imports, transitively: what must be loaded before it runs. */
function staticClosure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the client's manifest`);
  if (into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

export type FirstRender = { files: string[]; gzBytes: number };

/**
 * The JavaScript a page needs before it renders: the entry with its static imports, and the page's lazy module
 * (`pageModule`, its source path relative to client/, e.g. `src/features/simulator/simulator.pages.ts`) with its own.
 */
export function firstRenderJs(manifest: Manifest, pageModule: string, distDir = clientDist): FirstRender {
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error('the client manifest has no entry');
  const files = staticClosure(manifest, entry);
  staticClosure(manifest, pageModule, files);
  const list = [...files].filter((file) => file.endsWith('.js'));
  return { files: list, gzBytes: list.reduce((sum, file) => sum + gzippedSize(path.join(distDir, file)), 0) };
}

/** The page modules (each route's lazy import: a module of a feature loaded on demand), by source path. */
export function pageModules(manifest: Manifest): string[] {
  return Object.entries(manifest)
    .filter(([key, chunk]) => chunk.isDynamicEntry && key.startsWith('src/features/'))
    .map(([key]) => key);
}
