/** What extraction finds in a file, and the rules that shape the text before it is stored and indexed. */

/** The text of each page (page 1 first; '' for a page without text), or why there is none to look for. */
export type Extraction =
  | { status: 'done'; pageCount: number; pages: string[] }
  | { status: 'not_extracted'; reason: string };

/** Flowing text (DOCX, ODT, CSV, TXT, a long sheet) is cut into pages of about this many characters. */
export const TEXT_PAGE_CHARS = 3000;
/**
 * A page longer than this is cut short: a tsvector holds at most 1 MB, and the snippet of a hit is computed from its
 * page's text.
 */
export const MAX_PAGE_CHARS = 100_000;
/** Text kept per version (~3,300 pages of flowing text); the rest of a huge file is not searchable. */
export const MAX_TEXT_CHARS = 10_000_000;

// Control characters other than tab and line feed: the snippets' markers (see documents-search.repo.ts) are two of
// them, and PostgreSQL refuses NUL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Halves of a surrogate pair found alone (broken text): PostgreSQL refuses them, like `toWellFormed` would. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Composed accents ("é" as one character, as the search configurations expect), no control characters. */
export function cleanText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_PAGE_CHARS);
}

/** Flowing text in pages of about `size` characters, cut at a line break or else a space when there is one. */
export function paginate(text: string, size = TEXT_PAGE_CHARS): string[] {
  const pages: string[] = [];
  for (let start = 0, end = 0; start < text.length; start = end) {
    end = start + size;
    if (end >= text.length) end = text.length;
    else {
      const line = text.lastIndexOf('\n', end);
      const space = text.lastIndexOf(' ', end);
      const half = start + size / 2;
      end = line > half ? line : space > half ? space : end;
    }
    const page = cleanText(text.slice(start, end));
    if (page) pages.push(page);
  }
  return pages;
}

/**
 * Sections of flowing text (a document's body, a spreadsheet's sheets) as pages: each section starts a page and a
 * long one runs over the following pages, MAX_TEXT_CHARS in all.
 */
export function sectionsAsPages(sections: string[]): Extraction {
  const pages: string[] = [];
  let budget = MAX_TEXT_CHARS;
  for (const section of sections) {
    if (budget <= 0) break;
    const kept = section.slice(0, budget);
    budget -= kept.length;
    pages.push(...paginate(kept));
  }
  return { status: 'done', pageCount: pages.length, pages };
}

/** Pages that keep their numbers (a PDF's): each cleaned, MAX_TEXT_CHARS in all (pages past it left empty). */
export function numberedPages(pages: string[]): string[] {
  let budget = MAX_TEXT_CHARS;
  return pages.map((text) => {
    const kept = cleanText(text).slice(0, Math.max(0, budget));
    budget -= kept.length;
    return kept;
  });
}
