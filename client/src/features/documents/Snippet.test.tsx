import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Snippet, snippetParts } from './Snippet.tsx';

describe('search snippet', () => {
  it('highlights the words between mark tags', () => {
    expect(renderToStaticMarkup(<Snippet snippet="la <mark>facture</mark> de gazole" />)).toBe(
      'la <mark class="rounded bg-amber-200 px-0.5">facture</mark> de gazole',
    );
  });

  it('shows escaped markup as text and never as markup', () => {
    const html = renderToStaticMarkup(
      <Snippet snippet="&lt;img src=x onerror=alert(1)&gt; <mark>carte</mark> &amp; &#39;grise&#39;" />,
    );
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)>'); // `>` needs no escaping in text
    expect(html).toContain("&amp; 'grise'"); // nor does an apostrophe
  });

  it('decodes the entities of each part, found words included', () => {
    expect(snippetParts('A &amp; B <mark>l&#x27;URSSAF</mark>')).toEqual([
      { text: 'A & B ', found: false },
      { text: "l'URSSAF", found: true },
    ]);
  });

  it('leaves an unknown entity as it is', () => {
    expect(snippetParts('&bogus; x')).toEqual([{ text: '&bogus; x', found: false }]);
  });
});
