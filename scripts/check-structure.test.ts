import { describe, expect, it } from 'vitest';
import { cyclesOf, importsOf } from './check-structure.ts';

describe('check:structure', () => {
  it('resolves relative imports, type-only and re-exports included, and ignores packages', () => {
    const known = new Set(['server/a.ts', 'server/b.ts', 'common/c.ts', 'server/d/index.ts']);
    const text = [
      "import { x } from './b.ts';",
      "import type { C } from '../common/c.ts';",
      "export { y } from './d';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOf('server/a.ts', text, known)).toEqual([
      'server/b.ts',
      'common/c.ts',
      'server/d/index.ts',
    ]);
  });

  it('finds a cycle through several files, and none in a one-way graph', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cyclesOf(cyclic)).toEqual([['a', 'b', 'c']]);
    const oneWay = new Map([
      ['a', ['b', 'c']],
      ['b', ['c']],
      ['c', []],
    ]);
    expect(cyclesOf(oneWay)).toEqual([]);
  });
});
