import type { fileExportTexts as fr, fileExportErrorTexts as frErrors } from '../fr/fileExports.ts';
import type { Widen } from '../fr.ts';

export const fileExportTexts: Widen<typeof fr> = {
  fileExport: {
    formats: { pdf: 'PDF', xlsx: 'Excel (XLSX)', csv: 'CSV' },
    preparing: 'Preparing the {{format}} file…',
    progress: 'Preparing the file',
    cancel: 'Cancel',
    cancelled: 'Export cancelled.',
    ready: 'Your file is ready.',
    link: 'Download',
    failed: 'The export failed: {{error}}',
    close: 'Close',
    list: {
      menu: 'Export',
      conversation: 'Export the conversation',
      as: 'Export as {{format}}',
      formats: 'File format',
      filtered: 'The file keeps the filters applied to the list.',
      notCarried: {
        unassigned:
          'The “without an expert” filter does not apply to the file: it also holds the dossiers that have an expert.',
        companyId: 'The company filter does not apply to the file.',
      },
    },
  },
};

export const fileExportErrorTexts: Widen<typeof frErrors> = {
  EXPORT_NOT_READY: 'This file is not ready yet: wait a few seconds.',
  EXPORT_NOT_CANCELLABLE: 'This export has finished already: it can no longer be cancelled.',
};
