/**
 * The French texts of the audit log and the "à traiter" centre, which the app shell need not carry: each of those
 * pages imports this module, which adds them before the page renders. English has them already (en/index.ts: it
 * loads on demand anyway).
 */
import { auditErrorTexts, auditPageTexts } from './fr/auditPages.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', { ...auditPageTexts, errors: auditErrorTexts }, true, false);
