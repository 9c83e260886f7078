import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RichText, Snippet } from './richText.tsx';

describe('message text', () => {
  it('renders bold, italic, code, links and line breaks', () => {
    const html = renderToStaticMarkup(
      <RichText text={'**Urgent** : voir *page 2*\n`FT-0001` https://impots.gouv.fr/x'} />,
    );
    expect(html).toBe(
      '<strong>Urgent</strong> : voir <em>page 2</em><br/><code class="rounded bg-slate-100 px-1 font-mono text-[0.9em]">FT-0001</code> <a href="https://impots.gouv.fr/x" target="_blank" rel="noopener noreferrer nofollow" class="break-all underline">https://impots.gouv.fr/x</a>',
    );
  });

  it('never turns a message into markup or script', () => {
    const html = renderToStaticMarkup(
      <RichText text={'<img src=x onerror=alert(1)> javascript:alert(1) <script>x</script>'} />,
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<a');
    expect(html).toContain('&lt;img src=x onerror=alert(1)>'); // `>` needs no escaping in text
  });

  it('highlights the matches of a search snippet, and only them', () => {
    expect(renderToStaticMarkup(<Snippet text="le [[remboursement]] de <b>TICPE</b>" />)).toBe(
      'le <mark class="rounded bg-amber-200 px-0.5">remboursement</mark> de &lt;b>TICPE&lt;/b>',
    );
  });
});
