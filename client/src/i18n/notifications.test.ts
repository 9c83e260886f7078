import { describe, expect, it } from 'vitest';
import {
  notificationCategories,
  notificationChannels,
  notificationTypes,
} from '../../../common/notification-catalogue.ts';
import { notificationPageTexts as enPages } from './en/notificationPages.ts';
import { en } from './en.ts';
import { notificationPageTexts as frPages } from './fr/notificationPages.ts';
import i18n from './index.ts';
import './notification-pages.ts';

/** The text at a dotted path, as i18next reads `notifications.types.message.new`. */
const at = (texts: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], texts);

describe('notification texts', () => {
  it.each([
    ['fr', frPages.notifications],
    ['en', enPages.notifications],
  ] as const)('%s names every type, category and channel of the catalogue', (_locale, texts) => {
    const paths = [
      ...notificationTypes.map((type) => `types.${type}`),
      ...notificationCategories.map((category) => `categories.${category}`),
      ...notificationChannels.map((channel) => `channels.${channel}`),
    ];
    const missing = paths.filter((path) => {
      const text = at(texts, path);
      return typeof text !== 'string' || text.trim() === '';
    });
    expect(missing).toEqual([]);
  });

  it('the pages’ French texts are there once a page has loaded them, beside the app shell’s', () => {
    const t = i18n.getFixedT('fr');
    expect(t('notifications.types.message.new')).toBe(frPages.notifications.types.message.new);
    expect(t('notificationShell.bell', { count: 2 })).toBe('Notifications, 2 non lues');
  });

  it('English carries the pages’ texts with the rest of English', () => {
    expect((en as unknown as typeof enPages).notificationSettings).toBe(enPages.notificationSettings);
  });
});
