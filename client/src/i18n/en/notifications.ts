import type { notificationTexts as fr } from '../fr/notifications.ts';
import type { Widen } from '../fr.ts';

export const notificationTexts: Widen<typeof fr> = {
  notificationShell: {
    bell_zero: 'Notifications',
    bell_one: 'Notifications, {{count}} unread',
    bell_other: 'Notifications, {{count}} unread',
  },
};
