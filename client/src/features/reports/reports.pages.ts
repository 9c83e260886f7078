/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const reportsPages = {
  reports: () => import('./ReportsPage.tsx').then((m) => m.ReportsPage),
};
