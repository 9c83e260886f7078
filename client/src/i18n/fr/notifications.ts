/**
 * Notifications in the app shell: the bell and the admin navigation. The pages' texts load with the pages
 * (notificationPages.ts).
 */
export const notificationTexts = {
  notificationShell: {
    bell_zero: 'Notifications',
    bell_one: 'Notifications, {{count}} non lue',
    bell_other: 'Notifications, {{count}} non lues',
  },
};
