import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compileHints } from '../scripts/compile-hints.ts';
import { reactOnPreact } from './react-on-preact.ts';

const clientDir = path.dirname(fileURLToPath(import.meta.url));
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig(({ isSsrBuild }) => ({
  root: clientDir,
  plugins: [react(), tailwindcss(), compileHints()],
  resolve: { alias: reactOnPreact, dedupe: ['preact'] },
  // The prerendering build bundles its libraries too, so that they also render with Preact, not with React.
  ssr: { noExternal: true },
  build: {
    outDir: path.join(clientDir, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    // Small chunks shared by several pages (a quarter of the build's chunks weighed under 1 KB) go inside the chunks
    // that import them, Rolldown keeping one state per module across the copies. A page then asks for fewer files,
    // and each file asked for while a page starts costs its main thread a `modulepreload` link (0.4-0.7 ms on a
    // desktop core): 113 chunks became 75. Not for the server-side build, whose entry keeps its exports.
    rolldownOptions: isSsrBuild
      ? {}
      : {
          preserveEntrySignatures: false,
          output: { codeSplitting: { experimentalInlineCommonChunks: { maxSize: 4096 } } },
        },
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
}));
