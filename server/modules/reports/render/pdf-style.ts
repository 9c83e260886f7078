/** The report PDF's palette, fonts and text helpers, shared by its page, table and chart drawers. */

export type Pdf = PDFKit.PDFDocument;

export const colors = {
  ink: '#1f2937',
  muted: '#6b7280',
  brand: '#1e3a5f',
  accent: '#2f6fde',
  rule: '#d5dbe3',
  zebra: '#f4f6f9',
  card: '#f7f9fc',
  header: '#e6ecf4',
  white: '#ffffff',
};

export const seriesColors = ['#2f6fde', '#f29d38', '#2bb673', '#d9534f', '#8e6cd8', '#17a2b8'];

const fonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' };

export type TextStyle = { font?: keyof typeof fonts; size: number; color?: string };

/**
 * The standard fonts are WinAnsi-encoded, which has no narrow or thin space: Intl's fr-FR formats put U+202F
 * between thousands and before `%`, which would come out as a wrong glyph.
 */
export const pdfText = (text: string) => text.replace(/[\u202F\u2009\u2007]/g, '\u00A0');

export function setStyle(pdf: Pdf, style: TextStyle) {
  pdf
    .font(fonts[style.font ?? 'regular'])
    .fontSize(style.size)
    .fillColor(style.color ?? colors.ink);
}

/** The text cut to `width` in the current font, an ellipsis marking the cut. */
function truncate(pdf: Pdf, text: string, width: number): string {
  if (pdf.widthOfString(text) <= width + 0.01) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (pdf.widthOfString(`${text.slice(0, mid).trimEnd()}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low).trimEnd()}…`;
}

type Align = 'left' | 'right' | 'center';

/**
 * One line of text at (x, y): never wrapped, never pushed to a new page (so it may sit in a margin), cut to
 * `box.width` when given and aligned in it.
 */
export function put(
  pdf: Pdf,
  text: string,
  x: number,
  y: number,
  style: TextStyle,
  box?: { width: number; align?: Align },
) {
  setStyle(pdf, style);
  let line = pdfText(text);
  let dx = 0;
  if (box) {
    line = truncate(pdf, line, box.width);
    const free = box.width - pdf.widthOfString(line);
    dx = box.align === 'right' ? free : box.align === 'center' ? free / 2 : 0;
  }
  pdf.text(line, x + dx, y, { lineBreak: false });
}

/** A paragraph wrapped to `width`, at most `maxLines` lines (the last one ellipsed); returns the height it takes. */
export function paragraph(
  pdf: Pdf,
  text: string,
  at: { x: number; y: number; width: number; maxLines: number; align?: Align },
  style: TextStyle,
): number {
  setStyle(pdf, style);
  const content = pdfText(text);
  const height = Math.min(
    pdf.heightOfString(content, { width: at.width }),
    at.maxLines * pdf.currentLineHeight(true),
  );
  // The slack keeps the last line from being dropped by a rounding error in the wrapper's comparisons.
  pdf.text(content, at.x, at.y, {
    width: at.width,
    height: height + 0.5,
    ellipsis: true,
    align: at.align ?? 'left',
  });
  return height;
}

export const contentWidth = (pdf: Pdf) => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;

const bottomOf = (pdf: Pdf) => pdf.page.height - pdf.page.margins.bottom;

/** Whether `height` fits between the cursor and the bottom margin. */
export const fits = (pdf: Pdf, height: number) => pdf.y + height <= bottomOf(pdf);

/** A new page unless `height` fits below the cursor. */
export function ensureSpace(pdf: Pdf, height: number) {
  if (!fits(pdf, height)) pdf.addPage();
}
