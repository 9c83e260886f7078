/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const messagingPages = {
  messaging: () => import('./MessagingPage.tsx').then((m) => m.MessagingPage),
};
