/**
 * The French words of the period selector, carried by the chunk of the pages that show it rather than by the app
 * shell. English has them already (en/index.ts lists them).
 */
import { periodPickerTexts } from './fr/periodPicker.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', periodPickerTexts, true, false);
