import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import i18n, { textsReady } from './i18n/index.ts';
import './styles.css';
import './app/serviceWorker.ts';
import { App } from './app/App.tsx';
import { preloadPage } from './app/routes.tsx';
import { hasSessionHint } from './lib/api.ts';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// The page's code and texts load first, so that the first render is the page itself, not a placeholder. A page
// prerendered at build (anonymous, in French) is hydrated: what the visitor has already focused or typed stays.
void Promise.allSettled([preloadPage(window.location.pathname), textsReady]).then(() => {
  if (root.hasChildNodes() && !hasSessionHint() && i18n.language === 'fr') hydrateRoot(root, app);
  else createRoot(root).render(app);
});
