/**
 * The French texts of the reports page, which the app shell need not carry: the page imports this module, which
 * adds them before the page renders (the words of its files come with their code: ./file-exports.ts). English has
 * them already (en/index.ts lists them: it loads on demand anyway).
 */
import { reportErrorTexts, reportPageTexts } from './fr/reportPages.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', { ...reportPageTexts, errors: reportErrorTexts }, true, false);
