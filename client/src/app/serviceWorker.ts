/** How long a busy page may hold the registration back, at most, once the app has started. */
const IDLE_WAIT_MS = 3000;

/**
 * Registers the service worker (client/public/sw.js: the app shell offline, the offline page, the push
 * notifications) once the page has loaded, the app has started on it, and its main thread is idle. Its install
 * fetches and reads every file of the app: started at `load`, which a page rendered ahead reaches before it even
 * asks for the app's code, it competed with the app's start for the phone's cores. Called by main.tsx once the app
 * has taken the page over or drawn it; the Vite dev server has no sw.js, and a worker there would serve stale
 * modules.
 */
export function registerServiceWorkerWhenIdle() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn(
        'The service worker could not be registered; the app works without offline support.',
        error,
      );
    });
  };
  const whenIdle = () => {
    if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: IDLE_WAIT_MS });
    else setTimeout(register, IDLE_WAIT_MS);
  };
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}
