/**
 * The app's service worker (client/public/sw.js: the app shell offline, the offline page, the push notifications).
 * Production builds only: the Vite dev server has no sw.js, and a worker there would serve stale modules.
 */
export function serviceWorkerSupported(): boolean {
  return import.meta.env.PROD && typeof navigator !== 'undefined' && 'serviceWorker' in navigator;
}

let registering: Promise<ServiceWorkerRegistration | undefined> | undefined;

/**
 * Registers the worker, once per page however often it is called, and settles with its registration (undefined
 * without support or when the browser refused it: the app works on without offline support nor push).
 */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  if (!serviceWorkerSupported()) return Promise.resolve(undefined);
  registering ??= navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
    console.warn('The service worker could not be registered; the app works without offline support.', error);
    return undefined;
  });
  return registering;
}
