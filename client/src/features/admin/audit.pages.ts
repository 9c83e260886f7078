/** The audit log and the "à traiter" centre, each loaded on its first visit (client/src/app/routes.tsx). */
export const auditPages = {
  log: () => import('./AuditLogPage.tsx').then((m) => m.AuditLogPage),
  attention: () => import('./AttentionPage.tsx').then((m) => m.AttentionPage),
};
