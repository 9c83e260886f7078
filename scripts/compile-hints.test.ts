import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPILE_HINT, compileHints } from './compile-hints.ts';

/** A small app built by Vite as the client is: an entry that loads a page (with its stylesheet) on demand. */
let dir: string;
/** A file written by the build into `out`. */
const built = (out: string, file: string) => readFile(path.join(dir, out, file), 'utf8');
const manifestOf = async (out: string) => JSON.parse(await built(out, '.vite/manifest.json'));
const buildApp = (out: string, { hints, ssr }: { hints: boolean; ssr?: string }) =>
  build({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    plugins: hints ? [compileHints()] : [],
    build: { outDir: path.join(dir, out), sourcemap: true, manifest: true, ssr },
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ft-compile-hints-'));
  await writeFile(path.join(dir, 'index.html'), '<script type="module" src="/main.js"></script>');
  await writeFile(
    path.join(dir, 'main.js'),
    "document.body.dataset.started = 'yes';\nimport('./page.js').then((page) => page.show());\n",
  );
  await writeFile(
    path.join(dir, 'page.js'),
    "import './page.css';\nexport function show() {\n  document.title = 'page';\n}\n",
  );
  await writeFile(path.join(dir, 'page.css'), 'body { color: navy; }\n');
  await buildApp('dist', { hints: true });
  await buildApp('plain', { hints: false });
  await buildApp('ssr', { hints: true, ssr: 'page.js' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the compile hint of the browser build', () => {
  it('is the first line of every script, the entry with its preload map included', async () => {
    const scripts = (await readdir(path.join(dir, 'dist', 'assets'))).filter((f) => f.endsWith('.js'));
    expect(scripts).toHaveLength(2);
    for (const script of scripts)
      expect((await built('dist', `assets/${script}`)).startsWith(COMPILE_HINT)).toBe(true);
    const entry = await built('dist', (await manifestOf('dist'))['index.html'].file);
    expect(entry.split('\n')[1]).toMatch(/^const __vite__mapDeps/);
  });

  it("shifts each source map by the hint's line: the same mappings as without it, one line down", async () => {
    const mapOf = async (out: string, source: string) =>
      JSON.parse(await built(out, `${(await manifestOf(out))[source].file}.map`)).mappings;
    for (const source of ['index.html', 'page.js']) {
      expect(await mapOf('dist', source)).toBe(`;${await mapOf('plain', source)}`);
    }
  });

  it('is left out of the server-side build', async () => {
    const [ssrFile] = (await readdir(path.join(dir, 'ssr'))).filter((f) => /\.m?js$/.test(f));
    expect(await built('ssr', ssrFile!)).not.toContain('allFunctionsCalledOnLoad');
  });
});
