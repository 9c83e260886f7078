import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../../../common/products.ts';
import { deadline, formatDuration } from './duration.ts';

/** Names steps, deadlines and durations in the reader's language. */
export function useWorkflowFormat() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'fr';
  return {
    locale,
    name: (text: LocalizedText) => text[locale],
    duration: (ms: number) => formatDuration(ms, locale),
    /** "échéance dans 2 jours" or "en retard de 5 h", and whether it is late. */
    due: (dueAt: string, now = new Date()) => {
      const d = deadline(dueAt, locale, now);
      return {
        late: d.late,
        text: t(d.late ? 'workflows.due.late' : 'workflows.due.ahead', { when: d.text }),
      };
    },
  };
}
