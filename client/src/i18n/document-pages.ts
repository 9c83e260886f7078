/**
 * The French texts of the documents panel and of "Mes documents", which the app shell need not carry: each of those
 * modules imports this one, which adds them before the module renders. English has them already (en/index.ts lists
 * them: it loads on demand anyway).
 */
import { documentPageTexts } from './fr/documentPages.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', documentPageTexts, true, false);
