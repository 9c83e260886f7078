// The features' dictionaries of this language, merged into one by ../fr.ts.
export { adminTexts } from './admin.ts';
export { authTexts } from './auth.ts';
export { commonTexts } from './common.ts';
export { documentTexts } from './documents.ts';
export { dossierTexts } from './dossiers.ts';
export { errorTexts } from './errors.ts';
export { expertTexts } from './experts.ts';
export { messagingTexts } from './messaging.ts';
export { notificationTexts } from './notifications.ts';
export { simulatorTexts } from './simulator.ts';
