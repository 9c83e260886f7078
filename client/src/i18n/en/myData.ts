import type { myDataTexts as fr, myDataErrorTexts as frErrors } from '../fr/myData.ts';
import type { Widen } from '../fr.ts';

export const myDataTexts: Widen<typeof fr> = {
  myData: {
    title: 'My data',
    text: 'Download a ZIP archive of all your personal data: your account, your dossiers, your messages, the documents you uploaded and their history. It may take a moment to prepare.',
    download: 'Download all my data',
  },
};

export const myDataErrorTexts: Widen<typeof frErrors> = {
  DATA_EXPORT_RATE_LIMITED: 'You have already downloaded your data several times this hour: try again later.',
};
