/**
 * The French words of the files the server makes (formats, progress, the lists' "Exporter" menu) and of their
 * errors, which the app shell need not carry: the components that show them import this module, which adds them
 * before they render. English has them already (en/index.ts and en/errors.ts: it loads on demand anyway).
 */
import { fileExportErrorTexts, fileExportTexts } from './fr/fileExports.ts';
import i18n from './index.ts';

i18n.addResourceBundle(
  'fr',
  'translation',
  { ...fileExportTexts, errors: fileExportErrorTexts },
  true,
  false,
);
