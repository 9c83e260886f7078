/**
 * CSV as French Excel opens it: UTF-8 with a byte order mark (or accents come out garbled), `;` between fields (`,`
 * is the decimal separator there), CRLF line ends, RFC 4180 quoting. Every CSV the platform writes (reports, list
 * exports, the audit log) goes through these.
 */
export const CSV_BOM = '\uFEFF';
const SEPARATOR = ';';

/** One field, quoted when it holds the separator, a quote or a line break (its quotes doubled). */
export const csvField = (text: string) => (/[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** One CSV line, CRLF included. */
export const csvLine = (fields: string[]) => `${fields.map(csvField).join(SEPARATOR)}\r\n`;

/**
 * A text that opening the file must not run: one starting like a formula (= + - @, tab, CR) gets an apostrophe, so
 * that a name typed by a user cannot inject one.
 */
export const spreadsheetText = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
