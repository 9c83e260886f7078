import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../../scripts/check-structure.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = readdirSync(path.join(root, 'client/src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.tsx?$/.test(file))
  .map((file) => `client/src/${file.split(path.sep).join('/')}`);
const known = new Set(files);
const edges = files.flatMap((from) =>
  importsOf(from, readFileSync(path.join(root, from), 'utf8'), known).map((to) => ({ from, to })),
);
const featureOf = (file: string) => /^client\/src\/features\/([^/]+)\//.exec(file)?.[1];
/** app composes features, features use shared hooks, everything uses lib, ui and i18n; never the other way. */
const layers: Record<string, number> = { app: 3, features: 2, shared: 1, lib: 0, ui: 0, i18n: 0 };
const layerOf = (file: string) => layers[file.split('/')[2] ?? ''] ?? 4;

describe('client boundaries', () => {
  it('a feature imports another feature only through its *.api.ts, *.keys.ts and *.embeds.ts files', () => {
    const intrusions = edges
      .filter(({ from, to }) => {
        const target = featureOf(to);
        if (!target || !featureOf(from) || featureOf(from) === target) return false;
        return !/\.(api|keys|embeds)\.ts$/.test(to);
      })
      .map(({ from, to }) => `${from} → ${to}`);
    expect(intrusions).toEqual([]);
  });

  it('a file imports only from its own layer or the layers below it', () => {
    const upward = edges
      .filter(({ from, to }) => layerOf(to) > layerOf(from))
      .map(({ from, to }) => `${from} → ${to}`);
    expect(upward).toEqual([]);
  });
});
