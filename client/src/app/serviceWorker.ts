import { registerServiceWorker, serviceWorkerSupported } from '../lib/serviceWorker.ts';

/** How long the visitor must leave the page alone (no tap, key, wheel) before the worker installs. */
const QUIET_MS = 4000;
/** How long a busy main thread may hold the registration back, at most, once the visitor is quiet. */
const IDLE_WAIT_MS = 3000;
const INPUTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Registers the service worker once the page has loaded, the app has started on it, and the visitor has left it
 * alone for a moment. Its install fetches every file of the app and stores it, which slows whatever the visitor
 * does meanwhile: registered when the main thread was first idle, it fell on a first visit's first tap, 2–3 s after
 * the navigation (on the messaging page, at 4× slowdown: 6 taps in 15 over 200 ms, none without it; README). Called
 * by main.tsx once the app has taken the page over or drawn it. Enabling notifications registers the worker at once
 * (features/notifications/push.ts).
 */
export function registerServiceWorkerWhenQuiet() {
  if (!serviceWorkerSupported()) return;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  const register = () => {
    for (const input of INPUTS) window.removeEventListener(input, waitForQuiet, true);
    if ('requestIdleCallback' in window)
      requestIdleCallback(() => registerServiceWorker(), { timeout: IDLE_WAIT_MS });
    else void registerServiceWorker();
  };
  function waitForQuiet() {
    clearTimeout(quiet);
    quiet = setTimeout(register, QUIET_MS);
  }
  const start = () => {
    for (const input of INPUTS)
      window.addEventListener(input, waitForQuiet, { capture: true, passive: true });
    waitForQuiet();
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
