const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** The text of escaped HTML: the server escapes everything of a snippet but its `<mark>` tags. */
function unescapeHtml(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return entities[name.toLowerCase()] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** A snippet cut into plain text and found words, each part as text (never as markup). */
export function snippetParts(snippet: string): { text: string; found: boolean }[] {
  return snippet
    .split(/(<mark>.*?<\/mark>)/s)
    .filter((part) => part !== '')
    .map((part) => {
      const found = part.startsWith('<mark>') && part.endsWith('</mark>');
      return { text: unescapeHtml(found ? part.slice(6, -7) : part), found };
    });
}

/** A search hit's snippet with the words found highlighted; everything else is shown as text. */
export function Snippet({ snippet }: { snippet: string }) {
  return (
    <>
      {snippetParts(snippet).map((part, i) =>
        part.found ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one immutable snippet
          <mark key={i} className="rounded bg-amber-200 px-0.5">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
