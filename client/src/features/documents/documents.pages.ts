/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const documentsPages = {
  myDocuments: () => import('./MyDocumentsPage.tsx').then((m) => m.MyDocumentsPage),
};
