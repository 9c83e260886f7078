/**
 * How a page rendered ahead of the browser (the landing and login pages prerendered at build, the marketplace and
 * the experts' profiles rendered by the server with their data) loads the app: only once the browser has painted
 * it. Its HTML already shows the page, so its code is asked for once the page is painted instead of beside it,
 * and never competes with the page itself for a slow phone's bandwidth and CPU. page-html.ts writes the URLs into a
 * JSON element and this loader inline; the server allows the loader by its hash in the Content-Security-Policy
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
 * Written out as the page carries it (its exact text is what the CSP hash covers). It runs last, once the browser
 * has the whole page, and waits until the frame that paints all of it has been shown: the first contentful paint or
 * largest paint reported after that frame began (not the first paint: a slow machine paints the background alone
 * first), or, once the page's content has been painted, 500 ms after the next one began if none comes (a part
 * painted later but smaller than what was there; a slow machine reported the paint up to 455 ms after that frame);
 * 3 s at the latest, as in a tab opened in the background. Waiting for the first paint alone let a page parsed in
 * two goes (slow HTML, a slow phone) ask for its code between the two paints, its largest paint then seeming to
 * need it. It then starts the Intl warm-up worker, adds the modulepreload links a few per task (each starts a
 * fetch: all at once made one long task on a slow phone) and the entry module last.
 */
export const bootLoader = `(function(){var d=document,a=JSON.parse(d.getElementById('${BOOT_ASSETS_ID}').textContent),started=false,due=false,framed;function add(l){l.crossOrigin='';d.head.appendChild(l)}function next(q){q.splice(0,3).forEach(function(u){var l=d.createElement('link');l.rel='modulepreload';l.href=u;add(l)});if(q.length)setTimeout(function(){next(q)});else{var s=d.createElement('script');s.type='module';s.src=a.entry;add(s)}}function load(){if(started)return;started=true;try{new Worker('${INTL_WARMUP_URL}')}catch(e){}setTimeout(function(){next(a.preload.slice())})}try{var o=new PerformanceObserver(function(list){list.getEntries().forEach(function(e){if(e.name==='first-paint')return;if(due||framed!==undefined&&e.startTime>=framed)setTimeout(load)})});o.observe({type:'paint',buffered:true});o.observe({type:'largest-contentful-paint',buffered:true});requestAnimationFrame(function(t){framed=t;requestAnimationFrame(function(){setTimeout(function(){due=true;if(performance.getEntriesByName('first-contentful-paint').length)load()},500)})})}catch(e){load()}setTimeout(load,3000)})()`;
