/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const adminPages = {
  users: () => import('./AdminUsersPage.tsx').then((m) => m.AdminUsersPage),
  dossiers: () => import('./AdminDossiersPage.tsx').then((m) => m.AdminDossiersPage),
  joinRequests: () => import('./AdminJoinRequestsPage.tsx').then((m) => m.AdminJoinRequestsPage),
  announcements: () => import('./AnnouncementsPage.tsx').then((m) => m.AnnouncementsPage),
  outbox: () => import('./OutboxPage.tsx').then((m) => m.OutboxPage),
};
