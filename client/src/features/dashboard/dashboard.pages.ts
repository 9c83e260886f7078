/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const dashboardPages = {
  dashboard: () => import('./DashboardPage.tsx').then((m) => m.DashboardPage),
};
