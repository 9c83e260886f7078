import path from 'node:path';
import { fileURLToPath } from 'node:url';

const clientDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * The app is written against React's API and runs on Preact's compatibility layer: the same components for a tenth
 * of react-dom's weight on every page's first render. The browser build, the prerendering and the client's unit
 * tests resolve React's modules to these; `react` itself stays installed for its types.
 */
export const reactOnPreact = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom\/server$/, replacement: 'preact/compat/server' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: path.join(clientDir, 'src', 'lib', 'react-on-preact.ts') },
];

/**
 * The React libraries the client's unit tests render: inlined by Vitest, so that their own imports of React take the
 * aliases above too (left to Node, they would load React itself, and two renderers would share no hooks).
 */
export const reactLibraries = [/@tanstack\/react-query/, /react-i18next/];
