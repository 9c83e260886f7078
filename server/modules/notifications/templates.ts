import type { NotificationType } from '../../../common/notifications.ts';
import type { NotificationData, RenderedNotification, Template } from './templates.data.ts';
import { templatesEn } from './templates.en.ts';
import { templatesFr } from './templates.fr.ts';

export type { Bilingual, NotificationData, RenderedNotification } from './templates.data.ts';

export type Locale = 'fr' | 'en';

const templates = { fr: templatesFr, en: templatesEn };

/**
 * A notification's title, body and action label in `locale`, from its type and stored parameters; `count` is the
 * number of events a grouped notification stands for ("3 nouveaux messages de Marie Dupont").
 */
export function renderNotification(
  type: NotificationType,
  data: Record<string, unknown>,
  locale: Locale,
  count = 1,
): RenderedNotification {
  const template = templates[locale][type] as Template<NotificationType>;
  return template(data as NotificationData[NotificationType], count);
}

/** The text the centre's search looks in: the French and the English rendering. */
export function searchTextOf(type: NotificationType, data: Record<string, unknown>, count = 1): string {
  return (['fr', 'en'] as const)
    .map((locale) => {
      const { title, body } = renderNotification(type, data, locale, count);
      return `${title}\n${body}`;
    })
    .join('\n');
}

/** A notification's type and parameters, checked against the type's parameters (for callers of `notify`). */
export const notice = <T extends NotificationType>(type: T, data: NotificationData[T]) => ({ type, data });
