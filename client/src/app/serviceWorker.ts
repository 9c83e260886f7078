/**
 * Registers the service worker (client/public/sw.js: the app shell offline, the offline page, the push
 * notifications) once the page has loaded, so that its install does not compete with the first render. Imported
 * for this effect by main.tsx; the Vite dev server has no sw.js, and a worker there would serve stale modules.
 */
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  const register = () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      console.warn(
        'The service worker could not be registered; the app works without offline support.',
        error,
      );
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
