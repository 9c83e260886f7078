/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const workflowsPages = {
  templates: () => import('./WorkflowTemplatesPage.tsx').then((m) => m.WorkflowTemplatesPage),
  alerts: () => import('./AlertsPage.tsx').then((m) => m.AlertsPage),
};
