/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const expertsPages = {
  marketplace: () => import('./MarketplacePage.tsx').then((m) => m.MarketplacePage),
  profile: () => import('./ExpertProfilePage.tsx').then((m) => m.ExpertProfilePage),
  editProfile: () => import('./EditProfilePage.tsx').then((m) => m.EditProfilePage),
};
