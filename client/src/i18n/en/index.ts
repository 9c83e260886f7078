// The features' dictionaries of this language, merged into one by ../en.ts.
export { adminTexts } from './admin.ts';
export { alertShellTexts } from './alertShell.ts';
export { authTexts } from './auth.ts';
export { commonTexts } from './common.ts';
export { documentPageTexts } from './documentPages.ts';
export { documentTexts } from './documents.ts';
export { dossierTexts } from './dossiers.ts';
export { errorTexts } from './errors.ts';
export { expertTexts } from './experts.ts';
export { messagingTexts } from './messaging.ts';
export { notificationPageTexts } from './notificationPages.ts';
export { notificationTexts } from './notifications.ts';
export { simulatorTexts } from './simulator.ts';
export { workflowPageTexts } from './workflowPages.ts';
