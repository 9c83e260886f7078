import { BOOT_ASSETS_ID, type BootAssets, bootLoader } from '../common/prerendered-boot.ts';

const ENTRY = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/;
const PRELOAD = /\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g;
const STYLESHEET = /<link rel="stylesheet" crossorigin href="([^"]+)">/g;

function inlineCss(css: string, href: string): string {
  if (/<\/style/i.test(css)) throw new Error(`${href} cannot be inlined: it holds </style`);
  return css;
}

/**
 * A prerendered page from the built shell (client/index.html as Vite wrote it) and the page's HTML: the HTML in the
 * root element, the stylesheets inline (no request before the first paint), and the scripts loaded by the boot
 * loader after the first paint instead of by the head (common/prerendered-boot.ts). `stylesheet` reads a built
 * stylesheet by its URL. Fails when the shell is not shaped as expected, so that a change of the build's output
 * is noticed rather than shipped.
 */
export function prerenderedHtml(
  shell: string,
  rootHtml: string,
  stylesheet: (href: string) => string,
): string {
  if (!shell.includes('<div id="root"></div>')) throw new Error('client/index.html has no empty #root');
  const entry = ENTRY.exec(shell)?.[1];
  if (!entry) throw new Error('The built index.html has no entry module script');
  const assets: BootAssets = { entry, preload: [...shell.matchAll(PRELOAD)].map((m) => m[1]!) };
  const json = JSON.stringify(assets).replaceAll('<', '\\u003c');
  return shell
    .replace(ENTRY, '')
    .replace(PRELOAD, '')
    .replace(STYLESHEET, (_, href: string) => `<style>${inlineCss(stylesheet(href), href)}</style>`)
    .replace('<div id="root"></div>', () => `<div id="root">${rootHtml}</div>`)
    .replace(
      '</body>',
      () =>
        `<script type="application/json" id="${BOOT_ASSETS_ID}">${json}</script><script>${bootLoader}</script></body>`,
    );
}
