import type { Plugin } from 'vite';

/**
 * V8's explicit compile hint (Chromium 136 on): the functions of a file that starts with it are compiled as the file
 * streams in, on a background thread, instead of each on the main thread the first time it is called. A chunk of
 * this build is loaded only by a page that runs it, and runs most of its functions as the page is taken over, so
 * every chunk gets it. Browsers without the feature read a comment.
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** Starts every JavaScript chunk of the browser's build with the compile hint (its source map shifted a line). */
export function compileHints(): Plugin {
  return {
    name: 'financialtracker:compile-hints',
    apply: (_config, { command, isSsrBuild }) => command === 'build' && !isSsrBuild,
    generateBundle: {
      // After Vite's own (its preload helper's `__vite__mapDeps` goes first in a chunk), so the hint is line 1.
      order: 'post',
      handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (file.type !== 'chunk') continue;
          file.code = COMPILE_HINT + file.code;
          // Each source map is already a file of the bundle of its own.
          const map = bundle[`${file.fileName}.map`];
          if (map?.type !== 'asset') continue;
          const json = JSON.parse(String(map.source));
          json.mappings = `;${json.mappings}`;
          map.source = JSON.stringify(json);
        }
      },
    },
  };
}
