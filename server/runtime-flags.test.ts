import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serverNodeFlags } from './runtime-flags.ts';

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .scripts as Record<string, string>;

/** V8's optimisation status of a function asked to be compiled by Maglev, in a process with the server's flags. */
function maglevStatus(flags: string[]): number {
  const script = [
    'function add(a, b) { return a + b; }',
    '%PrepareFunctionForOptimization(add);',
    'add(1, 2); add(3, 4);',
    '%OptimizeMaglevOnNextCall(add);',
    'add(5, 6);',
    'process.stdout.write(String(%GetOptimizationStatus(add)));',
  ].join('\n');
  return Number(
    execFileSync(process.execPath, [...flags, '--allow-natives-syntax', '-e', script], { encoding: 'utf8' }),
  );
}

// V8's OptimizationStatus bit for a function running as Maglev code (src/runtime/runtime.h).
const MAGLEVVED = 1 << 5;

describe('the server’s Node flags', () => {
  it.each([
    ['start', 'server/main.ts'],
    ['dev', 'server/main.ts'],
    // Runs the app's services in its own process.
    ['bench:reports', 'bench/reports.ts'],
  ])('are given to the app by `npm run %s`', (name, entry) => {
    const command = scripts[name]!.split('&&').at(-1)!.trim().split(/\s+/);
    expect(command.slice(0, serverNodeFlags.length + 1)).toEqual(['node', ...serverNodeFlags]);
    expect(command.at(-1)).toBe(entry);
  });

  it('keep V8’s mid-tier compiler (Maglev) off', () => {
    expect(maglevStatus([]) & MAGLEVVED).toBe(MAGLEVVED);
    expect(maglevStatus(serverNodeFlags) & MAGLEVVED).toBe(0);
  });
});
