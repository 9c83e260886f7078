/*
 * FinancialTracker's service worker (hand-written, served as is from the site's root, so its scope is the whole app).
 *
 * - The app shell (index.html, and every hashed file it reaches: the entry script, its lazily loaded chunks, the
 *   styles, their fonts) is cached at install, found by reading the HTML and then each script and stylesheet it
 *   names. The hashed files never change under a name: they are served from the cache first.
 * - Pages (navigations) go to the network first; without an answer, the same page cached earlier, else the shell
 *   (the client's router draws the page), else the offline page that says what is unavailable.
 * - The API, the realtime socket and other sites are never cached nor answered from a cache.
 * - Web pushes are shown as notifications, which open their link on click (at the end of this file).
 *
 * The shell is checked again after each page loaded from the network: when the server's index.html has changed (a
 * new release), the new shell and its files replace the old ones.
 */

const CACHE_VERSION = 1;
const SHELL_CACHE = `ft-shell-v${CACHE_VERSION}`;
const PAGES_CACHE = `ft-pages-v${CACHE_VERSION}`;
/** The empty shell the server answers for any client route (`/` itself answers the prerendered landing page). */
const SHELL_URL = '/index.html';
const OFFLINE_URL = '/offline.html';
/** Files outside the hashed build that an installed app uses (offline page, Intl warm-up, manifest, icons). */
const STATIC_FILES = [
  OFFLINE_URL,
  '/intl-warmup.js',
  '/manifest.webmanifest',
  '/favicon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
];
/** How many pages visited online are kept for offline visits; the oldest go first. */
const MAX_CACHED_PAGES = 30;

/** Hashed build files named in a page, a script or a stylesheet: `/assets/x.js`, `assets/x.js` or `./x.js`. */
const ASSET_REFERENCE = /(?:\.\/|\/?assets\/)([\w.-]+\.(?:js|css|woff2?|ttf|svg|png|jpe?g|webp|avif))(?=["'`)?#\s])/g;

const isAsset = (url) => url.origin === self.location.origin && url.pathname.startsWith('/assets/');
const neverCached = (url) =>
  url.origin !== self.location.origin ||
  url.pathname.startsWith('/api/') ||
  url.pathname.startsWith('/socket.io/') ||
  url.pathname === '/metrics';

/** Every hashed file reachable from the shell's HTML, following scripts' and stylesheets' own references. */
async function reachableAssets(html) {
  const found = new Map();
  const queue = [html];
  while (queue.length > 0) {
    const text = queue.shift();
    for (const [, name] of text.matchAll(ASSET_REFERENCE)) {
      const path = `/assets/${name}`;
      if (found.has(path)) continue;
      const response = await fetch(path);
      if (!response.ok) continue;
      found.set(path, response);
      if (/\.(?:js|css)$/.test(name)) queue.push(await response.clone().text());
    }
  }
  return found;
}

/** Caches the server's current shell and everything it reaches, unless the cached one is already the same. */
async function refreshShell() {
  const response = await fetch(SHELL_URL, { cache: 'no-cache' });
  if (!response.ok) return;
  const html = await response.clone().text();
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(SHELL_URL);
  if (cached && (await cached.text()) === html) return;
  const assets = await reachableAssets(html);
  await Promise.all([...assets].map(([path, asset]) => cache.put(path, asset)));
  await cache.put(SHELL_URL, response);
  // Pages kept from the previous release name its files, which are going.
  if (cached) await caches.delete(PAGES_CACHE);
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (isAsset(url) && !assets.has(url.pathname)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(STATIC_FILES.map((path) => new Request(path, { cache: 'no-cache' })));
      await refreshShell();
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const current = [SHELL_CACHE, PAGES_CACHE];
      for (const name of await caches.keys()) {
        if (name.startsWith('ft-') && !current.includes(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function keepPage(request, response) {
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(request.url, response);
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_CACHED_PAGES))) await cache.delete(old);
}

async function navigate(event) {
  const { request } = event;
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    const isPage = response.ok && response.headers.get('content-type')?.startsWith('text/html');
    if (isPage && !neverCached(url)) {
      event.waitUntil(keepPage(request, response.clone()).then(refreshShell).catch(() => {}));
    }
    return response;
  } catch (networkError) {
    const fallback = neverCached(url)
      ? await caches.match(OFFLINE_URL)
      : ((await caches.match(request.url, { cacheName: PAGES_CACHE })) ??
        (await caches.match(SHELL_URL, { cacheName: SHELL_CACHE })) ??
        (await caches.match(OFFLINE_URL)));
    if (fallback) return fallback;
    throw networkError;
  }
}

async function assetFirstFromCache(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(SHELL_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function networkThenCache(request) {
  try {
    return await fetch(request);
  } catch (networkError) {
    const cached = await caches.match(request, { cacheName: SHELL_CACHE });
    if (cached) return cached;
    throw networkError;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
    return;
  }
  if (neverCached(url)) return;
  event.respondWith(isAsset(url) ? assetFirstFromCache(request) : networkThenCache(request));
});

/*
 * Push notifications (server/modules/notifications/push.channel.ts sends them): the payload, decrypted by the
 * browser, is `{title, body, link, tag, notificationId}`. A newer notification about the same object has the same
 * tag and replaces the one on screen, alerting again. A click focuses a tab of the app and opens the link there, or
 * opens a new window.
 */

const NOTIFICATION_ICON = '/icons/icon-192.png';
const NOTIFICATIONS_PATH = '/notifications';

/** The pushed notification; a push without a readable payload still shows one (browsers require it). */
function readPush(event) {
  try {
    const payload = event.data?.json();
    if (payload && typeof payload.title === 'string') return payload;
  } catch {
    // Not JSON: the generic notification below.
  }
  return { title: 'FinancialTracker', body: '', link: NOTIFICATIONS_PATH, tag: undefined };
}

/** The link as a page of this app: its path on this origin, whatever origin the server wrote it with. */
function appUrl(link) {
  const url = new URL(typeof link === 'string' ? link : NOTIFICATIONS_PATH, self.location.origin);
  return new URL(`${url.pathname}${url.search}${url.hash}`, self.location.origin).href;
}

self.addEventListener('push', (event) => {
  const payload = readPush(event);
  event.waitUntil(
    self.registration.showNotification(payload.title, {
      body: payload.body,
      icon: NOTIFICATION_ICON,
      tag: payload.tag,
      renotify: Boolean(payload.tag),
      data: { link: appUrl(payload.link), notificationId: payload.notificationId },
    }),
  );
});

async function openLink(link) {
  const tabs = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const tab = tabs.find((client) => new URL(client.url).origin === self.location.origin);
  if (tab) {
    try {
      const focused = await tab.focus();
      if (focused.url !== link) await focused.navigate(link);
      return;
    } catch {
      // A tab this worker does not control cannot be navigated by it: a new window instead.
    }
  }
  await self.clients.openWindow(link);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openLink(appUrl(event.notification.data?.link)));
});
