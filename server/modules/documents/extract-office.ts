import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';

/** Office and OpenDocument files as plain text: a document's body, or a spreadsheet's sheets (one text each). */

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export async function docxText(bytes: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: asBuffer(bytes) })).value;
}

/** Each worksheet's cells as shown (formula results, rich text flattened), tab-separated, a row per line. */
export async function xlsxSheets(bytes: Uint8Array): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(asBuffer(bytes) as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map((sheet) => {
    const lines: string[] = [];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell((cell) => {
        cells.push(cell.value instanceof Date ? cell.value.toISOString().slice(0, 10) : cell.text);
      });
      lines.push(cells.join('\t'));
    });
    return lines.join('\n');
  });
}

/**
 * exceljs does not read OpenDocument: the text comes from the package's content.xml, read as text rather than parsed
 * into a tree (a sheet of a million declared-empty rows stays a few bytes). Paragraphs end lines, cells are
 * tab-separated.
 */
async function odfContent(bytes: Uint8Array): Promise<string> {
  const content = (await JSZip.loadAsync(bytes)).file('content.xml');
  if (!content) throw new Error('OpenDocument without content.xml');
  return content.async('string');
}

export async function odtText(bytes: Uint8Array): Promise<string> {
  return xmlText((await odfContent(bytes)).replace(/<\/text:(?:p|h)>/g, '\n'));
}

export async function odsSheets(bytes: Uint8Array): Promise<string[]> {
  const xml = await odfContent(bytes);
  return [...xml.matchAll(/<table:table(?:\s[^>]*)?>([\s\S]*?)<\/table:table>/g)].map((table) =>
    xmlText(
      table[1]!
        .replace(/<\/text:p>\s*<text:p\b[^>]*>/g, ' ')
        .replace(/<\/table:table-cell>/g, '\t')
        .replace(/<\/table:table-row>/g, '\n'),
    ),
  );
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The characters between the tags: spaces, tabs and line breaks that ODF writes as elements, entities decoded. */
function xmlText(xml: string): string {
  return xml
    .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/g, (_, n?: string) =>
      ' '.repeat(Math.min(Number(n ?? 1), 100)),
    )
    .replace(/<text:tab\s*\/>/g, '\t')
    .replace(/<text:line-break\s*\/>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] !== '#') return ENTITIES[name] ?? entity;
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    })
    .replace(/[ \t]+\n/g, '\n');
}
