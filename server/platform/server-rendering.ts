import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RenderedPage, renderedPageHtml, stylesheetsOf } from '../../common/page-html.ts';
import { SESSION_HINT_COOKIE } from '../../common/session.ts';

/** What the rendering module (client/src/prerender.tsx, built beside the client) offers the server. */
type Renderer = {
  isServerRendered: (pathname: string) => boolean;
  renderWithData: (url: string, send: typeof fetch) => Promise<RenderedPage>;
};

/** Past this, the visitor gets the page without its data rather than waiting longer for it. */
const RENDER_TIMEOUT_MS = 2000;

const nullBodyStatuses = new Set([204, 205, 304]);

/**
 * Public pages rendered with their data when an anonymous visitor asks for them (the marketplace, an expert's
 * profile: client/src/prerender.tsx says which), so that their content is in the HTML and paints without waiting
 * for the app's code and an API answer. The page's API requests are answered in-process (`inject`), as they would
 * be to that visitor (same address, so the same rate limits). A signed-in visitor (the session hint cookie) gets
 * the app's shell: the page depends on who they are. Any failure or slowness gives the shell too: the browser then
 * renders the page as for any other route. Null when the build left no rendering module.
 */
export function serverRendering(app: FastifyInstance, distDir: string) {
  const moduleFile = path.join(`${distDir}-ssr`, 'prerender.js');
  if (!existsSync(moduleFile)) return null;
  let loaded: { version: number; renderer: Promise<Renderer> } | null = null;

  // A rebuild is rendered with without a restart, as the static files are served.
  async function renderer(): Promise<Renderer> {
    const version = (await stat(moduleFile)).mtimeMs;
    if (loaded?.version !== version) {
      loaded = { version, renderer: import(`${pathToFileURL(moduleFile).href}?v=${version}`) };
    }
    return loaded.renderer;
  }

  async function render(request: FastifyRequest, pathname: string): Promise<string | null> {
    const { isServerRendered, renderWithData } = await renderer();
    if (!isServerRendered(pathname)) return null;
    const send: typeof fetch = async (input, init) => {
      const answer = await app.inject({
        method: (init?.method ?? 'GET') as 'GET',
        url: String(input),
        headers: { accept: 'application/json' },
        payload: typeof init?.body === 'string' ? init.body : undefined,
        remoteAddress: request.ip,
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined) headers.set(name, String(value));
      }
      const body = nullBodyStatuses.has(answer.statusCode) ? null : new Uint8Array(answer.rawPayload);
      return new Response(body, { status: answer.statusCode, headers });
    };
    const page = await renderWithData(request.url, send);
    const shell = await readFile(path.join(distDir, 'index.html'), 'utf8');
    const stylesheets = new Map<string, string>();
    for (const href of stylesheetsOf(shell)) {
      stylesheets.set(href, await readFile(path.join(distDir, href), 'utf8'));
    }
    return renderedPageHtml(shell, page, (href) => stylesheets.get(href) ?? '');
  }

  /** The page's HTML with its data, or null when the shell should answer. */
  return async (request: FastifyRequest, pathname: string): Promise<string | null> => {
    if (request.cookies?.[SESSION_HINT_COOKIE] !== undefined) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), RENDER_TIMEOUT_MS);
    });
    try {
      return await Promise.race([render(request, pathname), timeout]);
    } catch (error) {
      request.log.warn({ err: error, url: request.url }, 'server rendering failed: the shell answers');
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}
