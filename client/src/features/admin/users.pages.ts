/** A user's page for the admins, loaded on its first visit (client/src/app/routes.tsx; the list is adminPages.users). */
export const usersPages = {
  user: () => import('./AdminUserPage.tsx').then((m) => m.AdminUserPage),
};
