/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const monitoringPages = {
  performance: () => import('./MonitoringPage.tsx').then((m) => m.MonitoringPage),
};
