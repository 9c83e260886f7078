/** Which types have a way to their text; kept apart from the parsers, which load only in the extraction worker. */

/** Pictures Tesseract reads (HEIC is not among them). */
export const ocrReadable = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** Types with a way to their text (the others are 'not_extracted' without being read). */
const withText = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/csv',
  'text/plain',
  ...ocrReadable,
]);

export const hasTextExtractor = (mimeType: string): boolean => withText.has(mimeType);
