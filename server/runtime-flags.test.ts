import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from './runtime-flags.ts';

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .scripts as Record<string, string>;

describe('the server’s Node flags', () => {
  it.each(['start', 'dev'])('are given to the server by `npm run %s`', (name) => {
    const command = scripts[name]!.split('&&').at(-1)!.trim().split(/\s+/);
    expect(command.slice(0, serverNodeFlags.length + 1)).toEqual(['node', ...serverNodeFlags]);
    expect(command.at(-1)).toBe('server/main.ts');
  });
});
