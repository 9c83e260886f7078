/**
 * Builds the SPA into client/dist with Vite. With `--if-stale`, builds only when the build is missing or older
 * than any of its sources (client sources, the shared schemas, the Vite config), so `npm start` stays fast.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = path.join(root, 'client');
const builtIndex = path.join(clientDir, 'dist', 'index.html');
const sources = [
  path.join(clientDir, 'src'),
  path.join(clientDir, 'public'),
  path.join(clientDir, 'index.html'),
  path.join(clientDir, 'vite.config.ts'),
  path.join(root, 'common'),
  path.join(root, 'package-lock.json'),
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
  if (!existsSync(builtIndex)) return true;
  const builtAt = statSync(builtIndex).mtimeMs;
  return sources.some((source) => newestMtime(source) > builtAt);
}

async function main() {
  if (process.argv.includes('--if-stale') && !clientBuildIsStale()) return;
  const { build } = await import('vite');
  console.log('Building the web client…');
  await build({ configFile: path.join(clientDir, 'vite.config.ts'), logLevel: 'warn' });
  console.log('Web client built in client/dist');
}

await main();
