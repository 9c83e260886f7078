/**
 * The French words of the header's alert badge, carried by its chunk (loaded after the page, for experts and admins
 * only) rather than by the app shell. English has them already (en/index.ts lists them).
 */
import { alertShellTexts } from './fr/alertShell.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', alertShellTexts, true, false);
