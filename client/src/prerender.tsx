/**
 * Renders pages to HTML outside the browser, in French: public pages without data at build time
 * (scripts/build-client.ts), and pages with their data, as their visitor (anonymous or signed in) sees them, when
 * the server answers them (server/platform/server-rendering.ts). The browser paints them at once, and the app then takes over the same page.
 */
import { dehydrate, type Query, type QueryClient } from '@tanstack/react-query';
import { renderToStringAsync } from 'preact-render-to-string';
import { matchRoutes, StaticRouter } from 'react-router';
import type { RenderedPage } from '../../common/page-html.ts';
import type { User } from '../../common/users.ts';
import { AppShell, newQueryClient } from './app/App.tsx';
import { preloadPage, routes } from './app/routes.tsx';
import { textsReady } from './i18n/index.ts';
import { setApiTransport } from './lib/api.ts';
import { setPageUser } from './lib/session.tsx';

/** The pages prerendered, by path; the server answers each with `prerendered/<name>.html`. */
export const prerenderedPages = { '/': 'index', '/connexion': 'connexion' } as const;

/** The public pages the server renders with their data (the same for every anonymous visitor of a URL): the
 *  landing page (its simulator's questions), the marketplace, an expert's profile. */
const publicPaths = new Set(['/', 'experts', 'experts/:id']);
/** The main pages of a signed-in visitor the server renders with their data, as that visitor sees them. */
const signedInPaths = new Set([
  ...publicPaths,
  'espace',
  'expert',
  'admin',
  'dossiers/:id',
  'messages',
  'messages/:conversationId',
]);

/** Whether the page asked for this query now (a query may wait, disabled, for something the page lacks). */
function isEnabled(query: Query): boolean {
  const { enabled } = query.options as { enabled?: boolean | ((query: Query) => boolean) };
  return (typeof enabled === 'function' ? enabled(query) : enabled) !== false;
}

/** Rounds of "render, then fetch what the render asked for": a query may need another's answer first. */
const DATA_ROUNDS = 3;

/** The page's HTML, with the parts it loads on demand (a lazy component suspends until its code is in). */
async function render(url: string, queryClient: QueryClient, parts: Set<string>): Promise<string> {
  try {
    return await renderToStringAsync(
      <AppShell
        queryClient={queryClient}
        router={(pages) => <StaticRouter location={url}>{pages}</StaticRouter>}
        parts={parts}
      />,
    );
  } catch (error) {
    throw new Error(`${url} could not be rendered`, { cause: error });
  }
}

export async function prerender(url: string): Promise<RenderedPage> {
  await Promise.all([preloadPage(url), textsReady]);
  const parts = new Set<string>();
  const html = await render(url, newQueryClient(), parts);
  return { html, parts: [...parts] };
}

/** Whether the server renders this path with its data, for an anonymous or a signed-in visitor. */
export function isServerRendered(pathname: string, signedIn: boolean): boolean {
  const leaf = matchRoutes(routes, pathname)?.at(-1)?.route;
  const path = leaf?.index ? '/' : leaf?.path;
  return path !== undefined && (signedIn ? signedInPaths : publicPaths).has(path);
}

/**
 * A page rendered with its data: rendered once, the queries the render asked for fetched through `send` (the API
 * answering in-process, as to this visitor), rendered again with their answers, until no query is missing. A query
 * that fails is left for the browser to ask again. `user` is the signed-in visitor the page is rendered for. The
 * queries' state (the visitor's user among them) goes with the HTML, so that the app starts from the same data and
 * takes over the page without asking for it again; the time before it read any (`readSince`) goes too, so that the
 * page's socket asks whether it missed anything since rather than reading it all again.
 */
export async function renderWithData(url: string, send: typeof fetch, user?: User): Promise<RenderedPage> {
  const readSince = Date.now();
  setApiTransport(send);
  await Promise.all([preloadPage(new URL(url, 'http://page').pathname), textsReady]);
  const queryClient = newQueryClient({ retry: false });
  if (user) setPageUser(queryClient, user);
  const parts = new Set<string>();
  let html = await render(url, queryClient, parts);
  for (let round = 1; round <= DATA_ROUNDS; round++) {
    const missing = queryClient
      .getQueryCache()
      .getAll()
      .filter(
        (query) => query.state.status === 'pending' && query.state.fetchStatus === 'idle' && isEnabled(query),
      );
    if (missing.length === 0) break;
    await Promise.all(missing.map((query) => query.fetch().catch(() => undefined)));
    parts.clear();
    html = await render(url, queryClient, parts);
  }
  return { html, queries: dehydrate(queryClient), parts: [...parts], readSince };
}
