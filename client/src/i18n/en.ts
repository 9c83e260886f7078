import { adminTexts } from './en/admin.ts';
import { authTexts } from './en/auth.ts';
import { commonTexts } from './en/common.ts';
import { dossierTexts } from './en/dossiers.ts';
import { errorTexts } from './en/errors.ts';
import { expertTexts } from './en/experts.ts';
import { messagingTexts } from './en/messaging.ts';
import { simulatorTexts } from './en/simulator.ts';
import type { Messages } from './fr.ts';

/** The English texts, one file per feature in en/ with the same keys as fr/. */
export const en: Messages = {
  ...commonTexts,
  ...simulatorTexts,
  ...authTexts,
  ...dossierTexts,
  ...adminTexts,
  ...expertTexts,
  ...messagingTexts,
  ...errorTexts,
};
