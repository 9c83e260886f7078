/**
 * The French texts of the "my data" card, which the app shell need not carry: the card imports this module, which
 * adds them before it renders. English has them already (it loads on demand anyway).
 */
import { myDataErrorTexts, myDataTexts } from './fr/myData.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', { ...myDataTexts, errors: myDataErrorTexts }, true, false);
