import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { Layout, NotFoundPage } from './Layout.tsx';
import { RequireRole } from './RequireRole.tsx';

/** A route whose page module loads on first visit, so the landing page ships only what it needs. */
function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: pick(await load()) }) };
}

const simulator = () => import('../features/simulator/simulator.pages.ts');
const auth = () => import('../features/auth/auth.pages.ts');
const dossiers = () => import('../features/dossiers/dossiers.pages.ts');
const admin = () => import('../features/admin/admin.pages.ts');
const experts = () => import('../features/experts/experts.pages.ts');
const messaging = () => import('../features/messaging/messaging.pages.ts');

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, ...lazyPage(simulator, (m) => m.SimulatorPage) },
      { path: 'connexion', ...lazyPage(auth, (m) => m.LoginPage) },
      { path: 'inscription', ...lazyPage(auth, (m) => m.RegisterPage) },
      { path: 'experts', ...lazyPage(experts, (m) => m.MarketplacePage) },
      { path: 'experts/:id', ...lazyPage(experts, (m) => m.ExpertProfilePage) },
      {
        element: <RequireRole roles={['client']} />,
        children: [{ path: 'espace', ...lazyPage(dossiers, (m) => m.ClientDashboard) }],
      },
      {
        element: <RequireRole roles={['expert']} />,
        children: [
          { path: 'expert', ...lazyPage(dossiers, (m) => m.ExpertDashboard) },
          { path: 'expert/profil', ...lazyPage(experts, (m) => m.EditProfilePage) },
        ],
      },
      {
        element: <RequireRole roles={['admin']} />,
        children: [
          { path: 'admin', ...lazyPage(admin, (m) => m.AdminUsersPage) },
          { path: 'admin/dossiers', ...lazyPage(admin, (m) => m.AdminDossiersPage) },
          { path: 'admin/adhesions', ...lazyPage(admin, (m) => m.AdminJoinRequestsPage) },
        ],
      },
      {
        element: <RequireRole roles={['client', 'expert', 'admin']} />,
        children: [
          { path: 'dossiers/:id', ...lazyPage(dossiers, (m) => m.DossierPage) },
          { path: 'messages', ...lazyPage(messaging, (m) => m.MessagingPage) },
          { path: 'messages/:conversationId', ...lazyPage(messaging, (m) => m.MessagingPage) },
        ],
      },
      {
        element: <RequireRole roles={['client', 'expert', 'admin']} allowInactive />,
        children: [
          { path: 'compte', ...lazyPage(auth, (m) => m.AccountPage) },
          { path: 'compte/en-attente', ...lazyPage(auth, (m) => m.PendingAccountPage) },
        ],
      },
      { path: '*', Component: NotFoundPage },
    ],
  },
];
