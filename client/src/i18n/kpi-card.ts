/**
 * The French words of the key-figure card, carried by the chunk of the pages that show it rather than by the app
 * shell. English has them already (en/index.ts lists them).
 */
import { kpiCardTexts } from './fr/kpiCard.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', kpiCardTexts, true, false);
