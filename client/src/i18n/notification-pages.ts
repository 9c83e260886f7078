/**
 * The French texts of the notification pages (the centre, the preferences, the bell's dropdown, the push prompt, the
 * admin announcements and outbox), which weigh more than the app shell can carry: each of those modules imports this
 * one, which adds them before the module renders. English has them already (en/index.ts lists them: it loads on
 * demand anyway).
 */
import { notificationPageTexts } from './fr/notificationPages.ts';
import i18n from './index.ts';

i18n.addResourceBundle('fr', 'translation', notificationPageTexts, true, false);
