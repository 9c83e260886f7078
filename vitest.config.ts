import { defineConfig } from 'vitest/config';
import { reactLibraries, reactOnPreact } from './client/react-on-preact.ts';

export default defineConfig({
  resolve: { alias: reactOnPreact },
  test: {
    include: [
      'server/**/*.test.ts',
      'common/**/*.test.ts',
      'tests/support/**/*.test.ts',
      'client/src/**/*.test.ts',
      'client/src/**/*.test.tsx',
      'scripts/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    server: { deps: { inline: reactLibraries } },
  },
});
