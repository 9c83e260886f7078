import { registerServiceWorker, serviceWorkerSupported } from '../lib/serviceWorker.ts';

/** How long the visitor must leave the page alone (no tap, key, wheel) before the worker installs. */
const QUIET_MS = 4000;
/** How long a busy main thread may hold the registration back, at most, once the visitor is quiet. */
const IDLE_WAIT_MS = 3000;
const INPUTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Registers the service worker once the page has loaded, the app has started on it, and the visitor has left it
 * alone for a moment. Its install fetches every file of the app and stores it: on a phone's two cores that costs
 * the page's next interaction 70–150 ms, and a first visit's first tap comes 2–3 s after the navigation, just when a
 * registration "when idle" fell. Called by main.tsx once the app has taken the page over or drawn it. Enabling
 * notifications registers the worker at once (features/notifications/push.ts).
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
