/**
 * The French texts of the step tracker, the alert centre and the workflow editor, and of the workflows' errors,
 * which the app shell need not carry: each of those modules imports this one, which adds them before the module
 * renders. English has them already (en/index.ts and en/errors.ts: it loads on demand anyway).
 */
import { workflowErrorTexts, workflowPageTexts } from './fr/workflowPages.ts';
import i18n from './index.ts';

i18n.addResourceBundle(
  'fr',
  'translation',
  { ...workflowPageTexts, errors: workflowErrorTexts },
  true,
  false,
);
