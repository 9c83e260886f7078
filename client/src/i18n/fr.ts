import { adminTexts } from './fr/admin.ts';
import { authTexts } from './fr/auth.ts';
import { commonTexts } from './fr/common.ts';
import { dossierTexts } from './fr/dossiers.ts';
import { errorTexts } from './fr/errors.ts';
import { expertTexts } from './fr/experts.ts';
import { messagingTexts } from './fr/messaging.ts';
import { simulatorTexts } from './fr/simulator.ts';

/** The French texts, the reference language; one file per feature in fr/, assembled here. */
export const fr = {
  ...commonTexts,
  ...simulatorTexts,
  ...authTexts,
  ...dossierTexts,
  ...adminTexts,
  ...expertTexts,
  ...messagingTexts,
  ...errorTexts,
};

/** The same keys with any text: what every other language must provide (checked by the type of `en`). */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof fr>;
