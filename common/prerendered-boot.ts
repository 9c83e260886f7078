/**
 * How a page rendered ahead of the browser (the landing and login pages prerendered at build, the marketplace and
 * the experts' profiles rendered by the server with their data) loads the app: only once the browser has painted
 * it. Its HTML already shows the page, so its code is asked for after the first paint instead of beside it, and
 * never competes with the page itself for a slow phone's bandwidth and CPU. page-html.ts writes the URLs into a JSON
 * element and this loader inline; the server allows the loader by its hash in the Content-Security-Policy
 * (server/platform/static-client.ts), so no inline script but this one ever runs.
 */

/** The id of the `<script type="application/json">` element that holds the page's `BootAssets`. */
export const BOOT_ASSETS_ID = 'ft-boot';

/**
 * A worker that builds the app's first Intl formatters off the main thread (client/public/intl-warmup.js): ICU's
 * start is shared by the renderer's threads, so the page's own formatters are then cheap when it is taken over.
 */
export const INTL_WARMUP_URL = '/intl-warmup.js';

/** The app's entry module and the modules it imports at once (fetched together, as Vite's modulepreload links). */
export type BootAssets = { entry: string; preload: string[] };

/**
 * Written out as the page carries it (its exact text is what the CSP hash covers). After the first contentful
 * paint (at once where paints are not reported; after 3 s at the latest, as in a tab opened in the background), it
 * starts the Intl warm-up worker, then adds the modulepreload links and the entry module.
 */
export const bootLoader = `(function(){var d=document,a=JSON.parse(d.getElementById('${BOOT_ASSETS_ID}').textContent),started=false;function load(){if(started)return;started=true;try{new Worker('${INTL_WARMUP_URL}')}catch(e){}a.preload.forEach(function(u){var l=d.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=u;d.head.appendChild(l)});var s=d.createElement('script');s.type='module';s.crossOrigin='';s.src=a.entry;d.head.appendChild(s)}try{new PerformanceObserver(function(list){if(list.getEntriesByName('first-contentful-paint').length)setTimeout(load)}).observe({type:'paint',buffered:true})}catch(e){load()}setTimeout(load,3000)})()`;
