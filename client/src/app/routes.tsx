import { type ComponentType, lazy, Suspense, useState } from 'react';
import { matchRoutes, type RouteObject, useRoutes } from 'react-router';
import { adminPages } from '../features/admin/admin.pages.ts';
import { assignmentsPages } from '../features/admin/assignments.pages.ts';
import { auditPages } from '../features/admin/audit.pages.ts';
import { usersPages } from '../features/admin/users.pages.ts';
import { authPages } from '../features/auth/auth.pages.ts';
import { dashboardPages } from '../features/dashboard/dashboard.pages.ts';
import { documentsPages } from '../features/documents/documents.pages.ts';
import { dossiersPages } from '../features/dossiers/dossiers.pages.ts';
import { expertsPages } from '../features/experts/experts.pages.ts';
import { messagingPages } from '../features/messaging/messaging.pages.ts';
import { monitoringPages } from '../features/monitoring/monitoring.pages.ts';
import { notificationsPages } from '../features/notifications/notifications.pages.ts';
import { reportsPages } from '../features/reports/reports.pages.ts';
import { simulatorPages } from '../features/simulator/simulator.pages.ts';
import { workflowsPages } from '../features/workflows/workflows.pages.ts';
import { LoadingRows } from '../ui/Feedback.tsx';
import { Layout, NotFoundPage } from './Layout.tsx';
import { RequireRole } from './RequireRole.tsx';

type PageHandle = { preload: () => Promise<unknown> };

/** A page's code, loaded on demand: `Loaded` once it is there, `Lazy` (suspending until then) before. */
type PageCode = { Loaded: ComponentType | null; Lazy: ComponentType; preload: () => Promise<ComponentType> };

function Page({ code }: { code: PageCode }) {
  // Chosen once per mount: switching from Lazy to Loaded later would remount the page and lose its state. Each
  // page's element has its own key (below), so that going to another page mounts a new Page.
  const [Component] = useState(() => code.Loaded ?? code.Lazy);
  return <Component />;
}

let pageKeys = 0;

/**
 * A page whose code loads on first visit, so that each page ships only what it needs. Once loaded it renders at
 * once, without a fallback: `preloadPage` loads the first page before the first render, which therefore paints
 * the page itself (over the prerendered HTML) rather than a placeholder.
 */
function lazyPage(load: () => Promise<ComponentType>): Pick<RouteObject, 'element' | 'handle'> {
  let loading: Promise<ComponentType> | null = null;
  const code: PageCode = {
    Loaded: null,
    Lazy: lazy(async () => ({ default: await code.preload() })),
    preload: () => {
      loading ??= load().then(
        (Component) => {
          code.Loaded = Component;
          return Component;
        },
        (error: unknown) => {
          loading = null; // a failed download is tried again on the next visit
          throw error;
        },
      );
      return loading;
    },
  };
  return {
    element: <Page key={++pageKeys} code={code} />,
    handle: { preload: code.preload } satisfies PageHandle,
  };
}

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, ...lazyPage(simulatorPages.simulator) },
      { path: 'connexion', ...lazyPage(authPages.login) },
      { path: 'inscription', ...lazyPage(authPages.register) },
      { path: 'verifier-email', ...lazyPage(authPages.verifyEmail) },
      { path: 'mot-de-passe-oublie', ...lazyPage(authPages.forgotPassword) },
      { path: 'reinitialiser-mot-de-passe', ...lazyPage(authPages.resetPassword) },
      { path: 'experts', ...lazyPage(expertsPages.marketplace) },
      { path: 'experts/:id', ...lazyPage(expertsPages.profile) },
      {
        element: <RequireRole roles={['client']} />,
        children: [{ path: 'espace', ...lazyPage(dossiersPages.clientDashboard) }],
      },
      {
        element: <RequireRole roles={['expert']} />,
        children: [
          { path: 'expert', ...lazyPage(dossiersPages.expertDashboard) },
          { path: 'expert/profil', ...lazyPage(expertsPages.editProfile) },
        ],
      },
      {
        element: <RequireRole roles={['admin']} />,
        children: [
          { path: 'admin', ...lazyPage(dashboardPages.dashboard) },
          { path: 'admin/utilisateurs', ...lazyPage(adminPages.users) },
          { path: 'admin/utilisateurs/:id', ...lazyPage(usersPages.user) },
          { path: 'admin/dossiers', ...lazyPage(adminPages.dossiers) },
          { path: 'admin/affectations', ...lazyPage(assignmentsPages.monitor) },
          { path: 'admin/adhesions', ...lazyPage(adminPages.joinRequests) },
          { path: 'admin/announcements', ...lazyPage(adminPages.announcements) },
          { path: 'admin/emails', ...lazyPage(adminPages.outbox) },
          { path: 'admin/performances', ...lazyPage(monitoringPages.performance) },
          { path: 'admin/audit', ...lazyPage(auditPages.log) },
          { path: 'admin/a-traiter', ...lazyPage(auditPages.attention) },
          { path: 'admin/workflows/:productCode?', ...lazyPage(workflowsPages.templates) },
        ],
      },
      {
        element: <RequireRole roles={['expert', 'admin']} />,
        children: [{ path: 'alerts', ...lazyPage(workflowsPages.alerts) }],
      },
      {
        element: <RequireRole roles={['client', 'expert', 'admin']} />,
        children: [
          { path: 'dossiers/:id', ...lazyPage(dossiersPages.dossier) },
          { path: 'documents', ...lazyPage(documentsPages.myDocuments) },
          { path: 'messages', ...lazyPage(messagingPages.messaging) },
          { path: 'messages/:conversationId', ...lazyPage(messagingPages.messaging) },
          { path: 'rapports', ...lazyPage(reportsPages.reports) },
        ],
      },
      {
        element: <RequireRole roles={['client', 'expert', 'admin']} allowInactive />,
        children: [
          { path: 'compte', ...lazyPage(authPages.account) },
          { path: 'compte/en-attente', ...lazyPage(authPages.pendingAccount) },
          { path: 'notifications', ...lazyPage(notificationsPages.centre) },
          { path: 'notifications/preferences', ...lazyPage(notificationsPages.preferences) },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/** Loads the code of the page at `pathname`, so that the first render paints it without a fallback. */
export async function preloadPage(pathname: string): Promise<void> {
  const matches = matchRoutes(routes, pathname) ?? [];
  await Promise.all(matches.map((m) => (m.route.handle as PageHandle | undefined)?.preload()));
}

export function AppRoutes() {
  return <Suspense fallback={<LoadingRows />}>{useRoutes(routes)}</Suspense>;
}
