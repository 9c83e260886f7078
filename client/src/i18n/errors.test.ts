import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../common/errors.ts';
import { en } from './en.ts';
import { auditErrorTexts } from './fr/auditPages.ts';
import { dashboardErrorTexts } from './fr/dashboardPages.ts';
import { fileExportErrorTexts } from './fr/fileExports.ts';
import { myDataErrorTexts } from './fr/myData.ts';
import { reportErrorTexts } from './fr/reportPages.ts';
import { workflowErrorTexts } from './fr/workflowPages.ts';
import { fr } from './fr.ts';

describe('error texts', () => {
  // French carries the workflows', the audit log's, the dashboard's, the reports', the file exports' and the personal
  // data export's errors with their pages, not in the app shell.
  it.each([
    [
      'fr',
      {
        ...fr.errors,
        ...workflowErrorTexts,
        ...auditErrorTexts,
        ...dashboardErrorTexts,
        ...reportErrorTexts,
        ...fileExportErrorTexts,
        ...myDataErrorTexts,
      },
    ],
    ['en', en.errors],
  ] as const)('%s has a text for every error code the API can answer', (_locale, texts) => {
    const missing = errorCodes.filter((code) => !(texts as Record<string, string>)[code]?.trim());
    expect(missing).toEqual([]);
  });
});
