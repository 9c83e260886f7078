import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compileHints } from '../scripts/compile-hints.ts';
import { reactOnPreact } from './react-on-preact.ts';

const clientDir = path.dirname(fileURLToPath(import.meta.url));
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: clientDir,
  plugins: [react(), tailwindcss(), compileHints()],
  resolve: { alias: reactOnPreact, dedupe: ['preact'] },
  // The prerendering build bundles its libraries too, so that they also render with Preact, not with React.
  ssr: { noExternal: true },
  build: { outDir: path.join(clientDir, 'dist'), emptyOutDir: true, sourcemap: true, manifest: true },
  server: {
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
});
