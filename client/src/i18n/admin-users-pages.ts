/**
 * The French texts of the admins' users pages, which the app shell need not carry: each of those pages imports this
 * module, which adds them before the page renders. English has them already (en/index.ts: it loads on demand anyway).
 */
import { adminUsersPageTexts } from './fr/adminUsersPages.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', adminUsersPageTexts, true, false);
