import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import i18n, { textsReady } from './i18n/index.ts';
import './styles.css';
import { PAGE_PARTS_ID, PAGE_QUERIES_ID, PAGE_READ_SINCE_ID } from '../../common/page-html.ts';
import { BOOT_ASSETS_ID, INTL_WARMUP_URL } from '../../common/prerendered-boot.ts';
import { App, renderedSignedIn, startFromQueries } from './app/App.tsx';
import { preloadPage } from './app/routes.tsx';
import { registerServiceWorkerWhenQuiet } from './app/serviceWorker.ts';
import { hasSessionHint } from './lib/api.ts';
import { catchUpSince } from './lib/realtime.tsx';
import { takeOver } from './ui/HydrateLater.tsx';
import { preloadParts } from './ui/lazyPart.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
// A page rendered ahead had its boot loader start the Intl warm-up before its modules; the others start it now. A
// warm-up that cannot start only leaves the first formatter its full cost.
if (!document.getElementById(BOOT_ASSETS_ID)) {
  try {
    new Worker(INTL_WARMUP_URL);
  } catch {}
}
// A page the server rendered with its data carries the queries' state: the app starts from it, asking nothing again.
const queries = document.getElementById(PAGE_QUERIES_ID)?.textContent;
if (queries) startFromQueries(JSON.parse(queries));
const readSince = document.getElementById(PAGE_READ_SINCE_ID)?.textContent;
if (readSince) catchUpSince(JSON.parse(readSince));
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// The page's code and texts load first, so that the first render is the page itself, not a placeholder. A page
// rendered ahead (in French: at build, or by the server) for this visitor (signed in, or anonymous without a
// session hint) is hydrated: what the visitor has already focused or typed stays.
// The parts loaded on demand that the page drew load before it is taken over: a part still loading would have its
// fallback drawn into the page, out of place.
const parts: string[] = JSON.parse(document.getElementById(PAGE_PARTS_ID)?.textContent ?? '[]');
void Promise.allSettled([preloadPage(window.location.pathname), textsReady]).then(async () => {
  if (root.hasChildNodes() && renderedSignedIn() === hasSessionHint() && i18n.language === 'fr') {
    await preloadParts(parts);
    takeOver(() => hydrateRoot(root, app));
  } else createRoot(root).render(app);
  registerServiceWorkerWhenQuiet();
});
