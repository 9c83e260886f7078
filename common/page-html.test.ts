import { describe, expect, it } from 'vitest';
import { PAGE_PARTS_ID, PAGE_QUERIES_ID, renderedPageHtml } from './page-html.ts';
import { BOOT_ASSETS_ID, bootLoader } from './prerendered-boot.ts';

/** The head Vite writes into client/dist/index.html. */
const shell = `<!doctype html>
<html lang="fr">
  <head>
    <title>FinancialTracker</title>
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/runtime-def.js">
    <link rel="modulepreload" crossorigin href="/assets/api-ghi.js">
    <link rel="stylesheet" crossorigin href="/assets/index-jkl.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>`;

const css = (href: string) => `/* ${href} */ body { color: #111 }`;
const page = renderedPageHtml(shell, { html: '<h1>Récupérez</h1>' }, css);
const jsonOf = (html: string, id: string) =>
  JSON.parse(new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`).exec(html)![1]!);

describe('a page rendered ahead of the browser', () => {
  it('holds the page’s HTML in its root element', () => {
    expect(page).toContain('<div id="root"><h1>Récupérez</h1></div>');
  });

  it('carries its stylesheet inline instead of linking it', () => {
    expect(page).toContain('<style>/* /assets/index-jkl.css */ body { color: #111 }</style>');
  });

  it('names its inline stylesheet by a disabled link, so that the app’s preload helper adds no second copy', () => {
    expect([...page.matchAll(/<link rel="stylesheet"[^>]*>/g)].map((m) => m[0])).toEqual([
      '<link rel="stylesheet" crossorigin href="/assets/index-jkl.css" disabled>',
    ]);
  });

  it('asks for no script before its first paint', () => {
    expect(page).not.toMatch(/<script[^>]* src=/);
    expect(page).not.toContain('<link rel="modulepreload"');
  });

  it('names its entry module and the modules to fetch with it for the boot loader', () => {
    expect(jsonOf(page, BOOT_ASSETS_ID)).toEqual({
      entry: '/assets/index-abc.js',
      preload: ['/assets/runtime-def.js', '/assets/api-ghi.js'],
    });
  });

  it('runs the boot loader, exactly as the CSP hash covers it, after the page', () => {
    expect(page).toContain(`<script>${bootLoader}</script></body>`);
    expect(page.indexOf('<div id="root">')).toBeLessThan(page.indexOf(bootLoader));
  });

  it('keeps page HTML that looks like a replacement pattern as it is', () => {
    expect(renderedPageHtml(shell, { html: '<p>$& $1</p>' }, css)).toContain(
      '<div id="root"><p>$& $1</p></div>',
    );
  });

  it('carries no queries when it was rendered without data', () => {
    expect(page).not.toContain(PAGE_QUERIES_ID);
  });

  it('lists the parts loaded on demand that it drew, for the browser to load before taking it over', () => {
    const withParts = renderedPageHtml(
      shell,
      { html: '<h1>Dossier</h1>', parts: ['workflows/StepTracker'] },
      css,
    );
    expect(jsonOf(withParts, PAGE_PARTS_ID)).toEqual(['workflows/StepTracker']);
    expect(page).not.toContain(PAGE_PARTS_ID);
  });

  it('carries the queries it was rendered with, in JSON that cannot close its script element', () => {
    const queries = {
      queries: [{ queryKey: ['experts'], state: { data: { bio: '</script><script>alert(1)' } } }],
    };
    const rendered = renderedPageHtml(shell, { html: '', queries }, css);
    expect(jsonOf(rendered, PAGE_QUERIES_ID)).toEqual(queries);
    expect(rendered).not.toContain('</script><script>alert(1)');
  });

  it('refuses a shell without an entry module script', () => {
    expect(() => renderedPageHtml(shell.replace(/<script.*<\/script>/, ''), { html: '' }, css)).toThrow(
      /entry module/,
    );
  });

  it('refuses a stylesheet that would close the style element', () => {
    expect(() => renderedPageHtml(shell, { html: '' }, () => 'a::after { content: "</style>" }')).toThrow(
      /cannot be inlined/,
    );
  });
});
