/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const notificationsPages = {
  centre: () => import('./NotificationsPage.tsx').then((m) => m.NotificationsPage),
  preferences: () => import('./PreferencesPage.tsx').then((m) => m.PreferencesPage),
};
