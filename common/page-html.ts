import { BOOT_ASSETS_ID, type BootAssets, bootLoader } from './prerendered-boot.ts';

/** The id of the `<script type="application/json">` element holding the queries a page was rendered with. */
export const PAGE_QUERIES_ID = 'ft-queries';

/** The id of the `<script type="application/json">` element listing the parts loaded on demand a page drew. */
export const PAGE_PARTS_ID = 'ft-parts';

/** The id of the `<script type="application/json">` element holding when a page rendered with data began reading it. */
export const PAGE_READ_SINCE_ID = 'ft-read-since';

/**
 * A page rendered ahead of the browser: its HTML, the queries' state it was rendered with (when it read any), the
 * parts loaded on demand it drew (client/src/ui/lazyPart.tsx), which the browser loads before taking it over, and,
 * for a page rendered by the server with its data, the server's time (epoch ms) before it read any of it.
 */
export type RenderedPage = { html: string; queries?: unknown; parts?: string[]; readSince?: number };

const ENTRY = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/;
const PRELOAD = /\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g;
const STYLESHEET = /<link rel="stylesheet" crossorigin href="([^"]+)">/g;

/** The URLs of the stylesheets the built shell links (they go inline). */
export const stylesheetsOf = (shell: string): string[] => [...shell.matchAll(STYLESHEET)].map((m) => m[1]!);

/**
 * A stylesheet inline, followed by its link disabled (neither fetched nor applied): Vite's preload helper, which loads
 * the stylesheet a page module depends on unless a `link` already names it, then adds no second copy of it when the
 * app loads its first page module. A second copy cost a request and a restyle of the whole document (22 ms for a
 * dossier on a desktop core).
 */
function inlineStylesheet(css: string, href: string): string {
  if (/<\/style/i.test(css)) throw new Error(`${href} cannot be inlined: it holds </style`);
  return `<style>${css}</style><link rel="stylesheet" crossorigin href="${href}" disabled>`;
}

/** JSON that cannot end the script element holding it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

/**
 * The HTML of a page rendered ahead of the browser (prerendered at build, or by the server with its data), from the
 * built shell (client/index.html as Vite wrote it): the page in the root element, the stylesheets inline (no request
 * before the first paint), the queries' state for the app to start from, and the scripts loaded by the boot loader
 * after the first paint instead of by the head (prerendered-boot.ts). `stylesheet` reads a built stylesheet by its
 * URL. Fails when the shell is not shaped as expected, so that a change of the build's output is noticed rather
 * than shipped.
 */
export function renderedPageHtml(
  shell: string,
  page: RenderedPage,
  stylesheet: (href: string) => string,
): string {
  if (!shell.includes('<div id="root"></div>')) throw new Error('client/index.html has no empty #root');
  const entry = ENTRY.exec(shell)?.[1];
  if (!entry) throw new Error('The built index.html has no entry module script');
  const assets: BootAssets = { entry, preload: [...shell.matchAll(PRELOAD)].map((m) => m[1]!) };
  const data = (id: string, value: unknown) =>
    value === undefined ? '' : `<script type="application/json" id="${id}">${scriptJson(value)}</script>`;
  const pageData =
    data(PAGE_QUERIES_ID, page.queries) +
    (page.parts?.length ? data(PAGE_PARTS_ID, page.parts) : '') +
    data(PAGE_READ_SINCE_ID, page.readSince);
  return shell
    .replace(ENTRY, '')
    .replace(PRELOAD, '')
    .replace(STYLESHEET, (_, href: string) => inlineStylesheet(stylesheet(href), href))
    .replace('<div id="root"></div>', () => `<div id="root">${page.html}</div>`)
    .replace(
      '</body>',
      () => `${pageData}${data(BOOT_ASSETS_ID, assets)}<script>${bootLoader}</script></body>`,
    );
}
