/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const dossiersPages = {
  clientDashboard: () => import('./DashboardPages.tsx').then((m) => m.ClientDashboard),
  expertDashboard: () => import('./DashboardPages.tsx').then((m) => m.ExpertDashboard),
  dossier: () => import('./DossierPage.tsx').then((m) => m.DossierPage),
};
