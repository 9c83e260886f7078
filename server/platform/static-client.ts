import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendRouteNotFound } from './error-handler.ts';

/**
 * Serves the built SPA. Files are looked up on each request (a rebuild is served without a restart); a GET of a
 * client route (outside /api, no file extension) falls back to index.html so deep links load, while a missing
 * file answers 404 rather than a page the browser would refuse as a script or a stylesheet.
 */
export async function registerStaticClient(app: FastifyInstance, distDir: string) {
  if (!existsSync(path.join(distDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: distDir,
    setHeaders: (res, file) => {
      res.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const clientRoute = !url.startsWith('/api') && !url.startsWith('/metrics') && !path.posix.extname(url);
    if (request.method === 'GET' && clientRoute) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendRouteNotFound(request, reply);
  });
  return true;
}
