import { columnTotal, isNumeric } from '../../../../common/report-cells.ts';
import type { ReportTable } from '../../../../common/reports.ts';
import { formatValue, type ReportLocale, reportWords } from './format.ts';
import {
  colors,
  contentWidth,
  ensureSpace,
  fits,
  type Pdf,
  paragraph,
  pdfText,
  put,
  setStyle,
  type TextStyle,
} from './pdf-style.ts';

const PAD = 4;
const HEADER_LINES = 2;
/** The widest a column's content asks for before the page width is shared out. */
const MAX_NATURAL = 220;
const MIN_TEXT = 56;

/** Smaller type the more columns there are. */
const fontSizeFor = (columns: number) => (columns <= 6 ? 8.5 : columns <= 9 ? 7.5 : 6.5);

/**
 * Column widths filling the page width. Each column asks for its widest cell (its header may wrap on two lines).
 * When the page is too narrow, text columns give way (their cells get an ellipsis) down to their header's longest
 * word or a few characters, so that numbers and dates stay whole; if even that overflows, all shrink alike from there.
 */
function columnWidths(
  pdf: Pdf,
  table: ReportTable,
  cells: string[][],
  totals: string[] | null,
  size: number,
): number[] {
  const width = contentWidth(pdf);
  const wants = table.columns.map((column, i) => {
    setStyle(pdf, { font: 'bold', size });
    const label = pdfText(column.label);
    const longestWord = Math.max(...label.split(/\s+/).map((word) => pdf.widthOfString(word)));
    let wanted = Math.max(longestWord, pdf.widthOfString(label) / HEADER_LINES);
    setStyle(pdf, { size });
    for (const row of cells) wanted = Math.max(wanted, pdf.widthOfString(row[i]!));
    setStyle(pdf, { font: 'bold', size });
    if (totals) wanted = Math.max(wanted, pdf.widthOfString(totals[i]!));
    const natural = Math.min(wanted, MAX_NATURAL) + 2 * PAD;
    const isText = column.format === 'text';
    return {
      natural,
      least: isText ? Math.min(natural, Math.max(longestWord + 2 * PAD, MIN_TEXT)) : natural,
    };
  });
  const natural = wants.reduce((sum, w) => sum + w.natural, 0);
  const least = wants.reduce((sum, w) => sum + w.least, 0);
  if (natural <= width) return wants.map((w) => (w.natural * width) / natural);
  if (least > width) return wants.map((w) => (w.least * width) / least);
  const share = (width - least) / (natural - least);
  return wants.map((w) => w.least + (w.natural - w.least) * share);
}

/**
 * A table at the cursor: a header row (repeated at the top of every page the table runs onto), zebra rows with
 * numbers right-aligned and long texts cut, a bold total row when a column asks for one, “Aucune donnée” when empty.
 */
export function drawTable(pdf: Pdf, table: ReportTable, locale: ReportLocale) {
  const words = reportWords(locale);
  const { columns, rows } = table;
  const cells = rows.map((row) => columns.map((c) => pdfText(formatValue(row[c.key], c.format, locale))));
  const totals =
    rows.length && columns.some((c) => c.total)
      ? columns.map((c, i) =>
          c.total
            ? pdfText(formatValue(columnTotal(rows, c.key), c.format, locale))
            : i === 0
              ? words.total
              : '',
        )
      : null;
  const size = fontSizeFor(columns.length);
  const widths = columnWidths(pdf, table, cells, totals, size);
  const left = pdf.page.margins.left;
  const width = contentWidth(pdf);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const align = columns.map((c): 'left' | 'right' => (isNumeric(c.format) ? 'right' : 'left'));

  setStyle(pdf, { size });
  const lineHeight = pdf.currentLineHeight(true);
  const rowHeight = lineHeight + 2 * PAD;
  setStyle(pdf, { font: 'bold', size });
  const headerLineHeight = pdf.currentLineHeight(true);
  const headerLines = Math.max(
    ...columns.map(
      (c, i) => pdf.heightOfString(pdfText(c.label), { width: widths[i]! - 2 * PAD }) / headerLineHeight,
    ),
  );
  const headerHeight = Math.min(HEADER_LINES, Math.round(headerLines)) * headerLineHeight + 2 * PAD;

  const header = () => {
    const y = pdf.y;
    pdf.rect(left, y, width, headerHeight).fill(colors.header);
    columns.forEach((c, i) => {
      const at = {
        x: xs[i]! + PAD,
        y: y + PAD,
        width: widths[i]! - 2 * PAD,
        maxLines: HEADER_LINES,
        align: align[i],
      };
      paragraph(pdf, c.label, at, { font: 'bold', size, color: colors.brand });
    });
    pdf.y = y + headerHeight;
  };
  /** A new page under a repeated header unless `count` rows fit. */
  const room = (count: number) => {
    if (fits(pdf, rowHeight * count)) return;
    pdf.addPage();
    header();
  };
  const row = (texts: string[], style: TextStyle, fill?: string) => {
    const y = pdf.y;
    if (fill) pdf.rect(left, y, width, rowHeight).fill(fill);
    texts.forEach((text, i) => {
      put(pdf, text, xs[i]! + PAD, y + PAD, style, { width: widths[i]! - 2 * PAD, align: align[i] });
    });
    pdf.y = y + rowHeight;
  };
  const rule = (color: string) => {
    pdf
      .moveTo(left, pdf.y)
      .lineTo(left + width, pdf.y)
      .lineWidth(0.6)
      .strokeColor(color)
      .stroke();
  };

  ensureSpace(pdf, headerHeight + rowHeight * Math.min(4, rows.length + 1));
  header();
  cells.forEach((texts, i) => {
    // The total row does not start a page alone: the last row goes along with it.
    room(totals && i === cells.length - 1 ? 2 : 1);
    row(texts, { size }, i % 2 === 1 ? colors.zebra : undefined);
  });
  if (!rows.length) {
    const style = { font: 'italic', size, color: colors.muted } as const;
    put(pdf, words.noData, left + PAD, pdf.y + PAD, style, { width: width - 2 * PAD, align: 'center' });
    pdf.y += rowHeight;
  } else if (totals) {
    rule(colors.brand);
    row(totals, { font: 'bold', size }, colors.header);
  }
  rule(colors.rule);
  pdf.y += 18;
}
