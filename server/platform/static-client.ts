import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { bootLoader } from '../../common/prerendered-boot.ts';
import { sendRouteNotFound } from './error-handler.ts';
import { type ServerRenderingDeps, serverRendering } from './server-rendering.ts';

/** Where the build writes the pages it prerenders: `/` → `prerendered/index.html`, `/connexion` → `…/connexion.html`. */
export const PRERENDERED_DIR = 'prerendered';

/** The Content-Security-Policy source that lets the prerendered pages' boot loader run, and no other inline script. */
export const bootLoaderScriptSource = `'sha256-${createHash('sha256').update(bootLoader).digest('base64')}'`;

const HASHED_ASSET = `${path.sep}assets${path.sep}`;

/** The HTML of a client route: its prerendered page when the build made one, else the empty shell. */
function pageOf(distDir: string, url: string): string {
  const name = url === '/' ? 'index' : url.slice(1);
  const prerendered = path.posix.join(PRERENDERED_DIR, `${name}.html`);
  return /^[\w-]+$/.test(name) && existsSync(path.join(distDir, prerendered)) ? prerendered : 'index.html';
}

/**
 * Serves the built SPA. Files are looked up on each request (a rebuild is served without a restart), in the
 * brotli or gzip version the build wrote beside each one when the browser accepts it. Hashed assets are cached for
 * good; everything else (the HTML) is revalidated. A GET of a client route (outside /api, no file extension)
 * answers the page rendered with its data (server-rendering.ts), its prerendered page or the shell, so deep links
 * load, while a missing file answers 404 rather than a page the browser would refuse as a script or a stylesheet.
 */
export async function registerStaticClient(
  app: FastifyInstance,
  distDir: string,
  rendering: ServerRenderingDeps,
) {
  if (!existsSync(path.join(distDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: distDir,
    preCompressed: true,
    // `/` is a client route like the others: it gets its prerendered page below.
    index: false,
    setHeaders: (res, file) => {
      res.header(
        'cache-control',
        file.includes(HASHED_ASSET) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const renderWithData = serverRendering(app, distDir, rendering);
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const clientRoute = !url.startsWith('/api') && !url.startsWith('/metrics') && !path.posix.extname(url);
    if (request.method !== 'GET' || !clientRoute) return sendRouteNotFound(request, reply);
    const rendered = await renderWithData?.(request, url);
    if (rendered) {
      // A signed-in visitor's page holds what only they may read: no cache keeps it, not even theirs.
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', rendered.personal ? 'private, no-store' : 'no-cache')
        .header('vary', 'cookie')
        .send(rendered.html);
    }
    return reply.sendFile(pageOf(distDir, url));
  });
  return true;
}
