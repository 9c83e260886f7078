import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { ReportDocument, ReportSection } from '../../../../common/reports.ts';
import { formatValue, generatedLine, type ReportLocale, reportWords } from './format.ts';
import { CHART_HEIGHT, drawChart } from './pdf-chart.ts';
import { colors, contentWidth, ensureSpace, type Pdf, paragraph, put } from './pdf-style.ts';
import { drawTable } from './pdf-table.ts';

const PRODUCT = 'FinancialTracker';
const CARD = { height: 70, gap: 10, perRow: 3 };
/** Room for a section's title, rule and note. */
const HEADING_HEIGHT = 56;

function currentPage(pdf: Pdf): number {
  const { start, count } = pdf.bufferedPageRange();
  return start + count - 1;
}

/** The cover: the product band, the title, its parameters and generation time; returns where the contents go. */
function drawCover(pdf: Pdf, doc: ReportDocument): number {
  const left = pdf.page.margins.left;
  const width = contentWidth(pdf);
  pdf.rect(0, 0, pdf.page.width, 150).fill(colors.brand);
  put(pdf, PRODUCT, left, 64, { font: 'bold', size: 26, color: colors.white });
  let y = 230;
  y += paragraph(
    pdf,
    doc.title,
    { x: left, y, width, maxLines: 3 },
    { font: 'bold', size: 28, color: colors.brand },
  );
  pdf.rect(left, y + 12, 56, 3).fill(colors.accent);
  y += 32;
  for (const line of doc.subtitle) {
    y += paragraph(pdf, line, { x: left, y, width, maxLines: 2 }, { size: 12 }) + 4;
  }
  put(pdf, generatedLine(doc), left, y + 10, { font: 'italic', size: 10, color: colors.muted });
  return y + 60;
}

/** The contents on the cover, with each section's page (known once every section is drawn). */
function drawContents(pdf: Pdf, doc: ReportDocument, top: number, pages: number[]) {
  pdf.switchToPage(0);
  const left = pdf.page.margins.left;
  const width = contentWidth(pdf);
  const bottom = pdf.page.height - pdf.page.margins.bottom;
  put(pdf, reportWords(doc.locale).contents, left, top, { font: 'bold', size: 12, color: colors.brand });
  let y = top + 24;
  doc.sections.forEach((section, i) => {
    if (y + 18 > bottom) return;
    put(pdf, section.title, left, y, { size: 10 }, { width: width - 40 });
    put(pdf, String(pages[i]! + 1), left, y, { size: 10, color: colors.muted }, { width, align: 'right' });
    pdf
      .moveTo(left, y + 14)
      .lineTo(left + width, y + 14)
      .lineWidth(0.4)
      .strokeColor(colors.rule)
      .stroke();
    y += 20;
  });
}

/** Key figures as a grid of cards: the label, the value, and the previous period's value when there is one. */
function drawFigures(pdf: Pdf, section: Extract<ReportSection, { kind: 'figures' }>, locale: ReportLocale) {
  const words = reportWords(locale);
  const left = pdf.page.margins.left;
  const cardWidth = (contentWidth(pdf) - CARD.gap * (CARD.perRow - 1)) / CARD.perRow;
  const inner = cardWidth - 22;
  for (let i = 0; i < section.figures.length; i += CARD.perRow) {
    ensureSpace(pdf, CARD.height);
    const y = pdf.y;
    section.figures.slice(i, i + CARD.perRow).forEach((figure, j) => {
      const x = left + j * (cardWidth + CARD.gap);
      pdf.lineWidth(0.6).roundedRect(x, y, cardWidth, CARD.height, 4).fillAndStroke(colors.card, colors.rule);
      pdf.rect(x, y, 3, CARD.height).fill(colors.accent);
      paragraph(
        pdf,
        figure.label,
        { x: x + 12, y: y + 9, width: inner, maxLines: 2 },
        { size: 8.5, color: colors.muted },
      );
      const value = formatValue(figure.value, figure.format, locale);
      put(pdf, value, x + 12, y + 33, { font: 'bold', size: 16, color: colors.ink }, { width: inner });
      if (figure.previous !== undefined) {
        const previous = words.previousValue(formatValue(figure.previous, figure.format, locale));
        put(pdf, previous, x + 12, y + 55, { size: 7.5, color: colors.muted }, { width: inner });
      }
    });
    pdf.y = y + CARD.height + CARD.gap;
  }
  pdf.y += 8;
}

/** A section from the cursor, starting a page when its heading and first block would not fit; returns its page. */
function drawSection(pdf: Pdf, section: ReportSection, locale: ReportLocale): number {
  const firstBlock = section.kind === 'figures' ? CARD.height : section.chart ? CHART_HEIGHT : 80;
  ensureSpace(pdf, HEADING_HEIGHT + firstBlock);
  const page = currentPage(pdf);
  const left = pdf.page.margins.left;
  const width = contentWidth(pdf);
  let y = pdf.y;
  y += paragraph(
    pdf,
    section.title,
    { x: left, y, width, maxLines: 2 },
    { font: 'bold', size: 14, color: colors.brand },
  );
  pdf
    .moveTo(left, y + 4)
    .lineTo(left + width, y + 4)
    .lineWidth(1)
    .strokeColor(colors.brand)
    .stroke();
  y += 10;
  if (section.kind === 'table' && section.note) {
    y += paragraph(pdf, section.note, { x: left, y, width, maxLines: 3 }, { size: 9, color: colors.muted });
  }
  pdf.y = y + 8;
  if (section.kind === 'figures') {
    drawFigures(pdf, section, locale);
  } else {
    if (section.chart) drawChart(pdf, section, section.chart, locale);
    drawTable(pdf, section, locale);
  }
  return page;
}

/** On every page: the footer (generation time, “Page 3 / 7”); past the cover, the report's title as a header. */
function drawPageFrames(pdf: Pdf, doc: ReportDocument) {
  const words = reportWords(doc.locale);
  const generated = `${PRODUCT} · ${generatedLine(doc)}`;
  const { start, count } = pdf.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    pdf.switchToPage(start + i);
    const { margins, height } = pdf.page;
    const width = contentWidth(pdf);
    const footer = height - margins.bottom + 24;
    const style = { size: 8, color: colors.muted };
    pdf
      .moveTo(margins.left, footer - 8)
      .lineTo(margins.left + width, footer - 8)
      .lineWidth(0.5)
      .strokeColor(colors.rule)
      .stroke();
    put(pdf, generated, margins.left, footer, style, { width: width * 0.75 });
    put(pdf, words.page(i + 1, count), margins.left, footer, style, { width, align: 'right' });
    if (i > 0) {
      put(pdf, doc.title, margins.left, margins.top - 34, style, { width });
      pdf
        .moveTo(margins.left, margins.top - 22)
        .lineTo(margins.left + width, margins.top - 22)
        .lineWidth(0.5)
        .strokeColor(colors.rule)
        .stroke();
    }
  }
}

/**
 * The report as an A4 PDF: a cover with the contents, then every section (key figures as cards, each table under
 * its chart), each page framed by the title and its number. A stream: pipe it to the response or a file.
 */
export function renderReportPdf(doc: ReportDocument): Readable {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 48, right: 48 },
    bufferPages: true,
    lang: doc.locale === 'fr' ? 'fr-FR' : 'en-GB',
    displayTitle: true,
    info: {
      Title: doc.title,
      Author: PRODUCT,
      Subject: doc.subtitle.join(' · '),
      CreationDate: new Date(doc.generatedAt),
    },
  });
  const contentsTop = drawCover(pdf, doc);
  pdf.addPage();
  const pages = doc.sections.map((section) => drawSection(pdf, section, doc.locale));
  drawContents(pdf, doc, contentsTop, pages);
  drawPageFrames(pdf, doc);
  pdf.end();
  return pdf;
}
