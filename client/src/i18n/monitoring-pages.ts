/**
 * The French texts of the performance page, which the app shell need not carry: the page imports this module, which
 * adds them before it renders. English has them already (en/index.ts: it loads on demand anyway).
 */
import { monitoringPageTexts } from './fr/monitoringPages.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', monitoringPageTexts, true, false);
