/** The assignment monitor's page, loaded on its first visit (client/src/app/routes.tsx). */
export const assignmentsPages = {
  monitor: () => import('./AssignmentsPage.tsx').then((m) => m.AssignmentsPage),
};
