import PDFDocument from 'pdfkit';

/** Collects what pdfkit writes once `draw` has filled the document (the same drawing gives the same bytes). */
export function pdfOf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** A PDF with a text layer, one A4 page per string (a string longer than a page runs over the next ones). */
export const pdfFile = (pages: string[]): Promise<Buffer> =>
  pdfOf((doc) => {
    for (const text of pages) doc.addPage({ size: 'A4' }).fontSize(12).text(text, 50, 50);
  });
