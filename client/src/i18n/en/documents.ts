import type { documentTexts as fr } from '../fr/documents.ts';
import type { Widen } from '../fr.ts';

export const documentTexts: Widen<typeof fr> = {
  documentShell: { nav: 'My documents' },
};
