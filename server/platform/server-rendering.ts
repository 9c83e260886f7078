import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { type RenderedPage, renderedPageHtml, stylesheetsOf } from '../../common/page-html.ts';
import { SESSION_HINT_COOKIE } from '../../common/session.ts';
import type { Clock } from './clock.ts';

/** A signed-in visitor as the server renders their page: who they are (sent to the page as is), and an access token
 *  for the page's API requests. */
export type PageVisitor = { user: unknown; accessToken: string };

/** What the rendering module (client/src/prerender.tsx, built beside the client) offers the server. */
type Renderer = {
  isServerRendered: (pathname: string, signedIn: boolean) => boolean;
  renderWithData: (url: string, send: typeof fetch, user?: unknown) => Promise<RenderedPage>;
};

export type ServerRenderingDeps = {
  clock: Clock;
  /** Who a visitor with the session hint cookie is (their page credential), or null. */
  pageVisitor: (request: FastifyRequest) => Promise<PageVisitor | null>;
  /** Where the renderings are counted and timed (`/metrics`). */
  metrics: Registry;
};

/** A page the server rendered: `personal` when it was rendered for a signed-in visitor (never shared, never kept). */
export type ServerRenderedPage = { html: string; personal: boolean };

/** Past this, the visitor gets the page without its data rather than waiting longer for it. */
const RENDER_TIMEOUT_MS = 2000;
/** A page rendered for an anonymous visitor is the next ones' for this long (it is the same for all of them). */
const RENDERED_FOR_MS = 10_000;
/** Pages kept rendered at most (addresses differ by their filters): the oldest goes first. */
const RENDERED_KEPT = 200;

const nullBodyStatuses = new Set([204, 205, 304]);

/**
 * Pages rendered with their data when a visitor asks for them, so that their content is in the HTML and paints
 * without waiting for the app's code and an API answer (client/src/prerender.tsx says which pages). The page's API
 * requests are answered in-process (`inject`), as they would be to that visitor: from the same address (the same
 * rate limits) and, for a signed-in visitor, with an access token of their own session. `pageVisitor` tells who a
 * visitor with the session hint cookie is (their page credential), or null: their session ended, and they get the
 * app's shell, which asks the API. Any failure or slowness gives the page without its data (the prerendered one,
 * or the shell): the browser then asks for the data. A public page rendered is served again to the anonymous
 * visitors of the same address for RENDERED_FOR_MS, so that a busy landing page costs one rendering every few
 * seconds, not one per visit; a signed-in visitor's page is theirs only and never kept. Null when the build left
 * no rendering module.
 */
export function serverRendering(
  app: FastifyInstance,
  distDir: string,
  { clock, pageVisitor, metrics }: ServerRenderingDeps,
) {
  const moduleFile = path.join(`${distDir}-ssr`, 'prerender.js');
  if (!existsSync(moduleFile)) return null;
  const recorded = renderingMetrics(metrics);
  let loaded: { version: number; renderer: Promise<Renderer> } | null = null;
  const rendered = new Map<string, { html: string; until: number }>();

  function keep(url: string, html: string) {
    rendered.delete(url);
    rendered.set(url, { html, until: clock.now().getTime() + RENDERED_FOR_MS });
    if (rendered.size > RENDERED_KEPT) rendered.delete(rendered.keys().next().value!);
  }

  // A rebuild is rendered with without a restart, as the static files are served.
  async function renderer(): Promise<Renderer> {
    const version = (await stat(moduleFile)).mtimeMs;
    if (loaded?.version !== version) {
      loaded = { version, renderer: import(`${pathToFileURL(moduleFile).href}?v=${version}`) };
    }
    return loaded.renderer;
  }

  // The rendering module keeps one transport for all its renderings, which overlap: the visitor a request goes out
  // for (address, access token) is the one of the rendering it belongs to, carried along its asynchronous calls.
  const visitor = new AsyncLocalStorage<{ address: string; accessToken?: string }>();
  const send: typeof fetch = async (input, init) => {
    const from = visitor.getStore();
    const answer = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: String(input),
      headers: {
        accept: 'application/json',
        ...(from?.accessToken ? { authorization: `Bearer ${from.accessToken}` } : {}),
      },
      payload: typeof init?.body === 'string' ? init.body : undefined,
      remoteAddress: from?.address,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) headers.set(name, String(value));
    }
    const body = nullBodyStatuses.has(answer.statusCode) ? null : new Uint8Array(answer.rawPayload);
    return new Response(body, { status: answer.statusCode, headers });
  };

  async function render(
    request: FastifyRequest,
    pathname: string,
    signedIn: PageVisitor | null,
  ): Promise<string | null> {
    const { isServerRendered, renderWithData } = await renderer();
    if (!isServerRendered(pathname, signedIn !== null)) return null;
    const page = await visitor.run({ address: request.ip, accessToken: signedIn?.accessToken }, () =>
      renderWithData(request.url, send, signedIn?.user),
    );
    const shell = await readFile(path.join(distDir, 'index.html'), 'utf8');
    const stylesheets = new Map<string, string>();
    for (const href of stylesheetsOf(shell)) {
      stylesheets.set(href, await readFile(path.join(distDir, href), 'utf8'));
    }
    return renderedPageHtml(shell, page, (href) => stylesheets.get(href) ?? '');
  }

  /** Renders the page, or null past RENDER_TIMEOUT_MS or on a failure (logged). */
  async function renderInTime(
    request: FastifyRequest,
    pathname: string,
    signedIn: PageVisitor | null,
  ): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), RENDER_TIMEOUT_MS);
    });
    const started = performance.now();
    const rendering = render(request, pathname, signedIn);
    // Timed to its end, even when the visitor stopped waiting for it.
    rendering.then(
      (html) => html !== null && recorded.duration.observe((performance.now() - started) / 1000),
      () => {},
    );
    try {
      const html = await Promise.race([rendering, timeout]);
      if (html === 'timeout') {
        recorded.outcomes.inc({ outcome: 'timeout' });
        request.log.warn(
          { url: request.url, timeoutMs: RENDER_TIMEOUT_MS },
          'server rendering too slow: the page without its data answers',
        );
        return null;
      }
      if (html !== null) recorded.outcomes.inc({ outcome: 'rendered' });
      return html;
    } catch (error) {
      recorded.outcomes.inc({ outcome: 'failed' });
      request.log.warn({ err: error, url: request.url }, 'server rendering failed: the shell answers');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The page's HTML with its data, or null when the prerendered page or the shell should answer. */
  return async (request: FastifyRequest, pathname: string): Promise<ServerRenderedPage | null> => {
    if (request.cookies?.[SESSION_HINT_COOKIE] !== undefined) {
      const signedIn = await pageVisitor(request).catch((error: unknown) => {
        request.log.warn({ err: error }, 'page visitor unknown: the shell answers');
        return null;
      });
      if (!signedIn) return null;
      const html = await renderInTime(request, pathname, signedIn);
      return html === null ? null : { html, personal: true };
    }
    const recent = rendered.get(request.url);
    if (recent && recent.until > clock.now().getTime()) return { html: recent.html, personal: false };
    const html = await renderInTime(request, pathname, null);
    if (html === null) return null;
    keep(request.url, html);
    return { html, personal: false };
  };
}

/** The renderings' outcomes and durations, on `/metrics`. */
function renderingMetrics(registry: Registry) {
  const registers = [registry];
  return {
    outcomes: new Counter({
      name: 'page_renders_total',
      help: 'Pages the server rendered with their data: rendered, too slow (answered without their data), failed',
      labelNames: ['outcome'] as const,
      registers,
    }),
    duration: new Histogram({
      name: 'page_render_duration_seconds',
      help: 'Time to render a page with its data, to its end even past the time the visitor was given',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8],
      registers,
    }),
  };
}
