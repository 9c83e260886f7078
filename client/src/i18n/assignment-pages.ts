/**
 * The French texts of the assignment monitor, the admin dossier list's filters and the reassignment dialog, which
 * the app shell need not carry: those pages import this module, which adds them before they render. English has
 * them already (en/index.ts: it loads on demand anyway).
 */
import { assignmentPageTexts } from './fr/assignmentPages.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', assignmentPageTexts, true, false);
