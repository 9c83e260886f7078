/**
 * Renders public pages to HTML at build time (scripts/build-client.ts), as an anonymous French visitor sees them
 * before any API answer: the browser paints them at once, and the app then renders the same page over them.
 */
import { renderToString } from 'react-dom/server';
import { StaticRouter } from 'react-router';
import { AppShell, newQueryClient } from './app/App.tsx';
import { preloadPage } from './app/routes.tsx';
import { textsReady } from './i18n/index.ts';

/** The pages prerendered, by path; the server answers each with `prerendered/<name>.html`. */
export const prerenderedPages = { '/': 'index', '/connexion': 'connexion' } as const;

export async function prerender(url: string): Promise<string> {
  await Promise.all([preloadPage(url), textsReady]);
  try {
    return renderToString(
      <AppShell
        queryClient={newQueryClient()}
        router={(pages) => <StaticRouter location={url}>{pages}</StaticRouter>}
      />,
    );
  } catch (error) {
    // A page that suspends (code or data still loading) renders only in a browser.
    throw new Error(`${url} could not be prerendered`, { cause: error });
  }
}
