/** Documents in the app shell: the navigation. The panel's and the page's texts load with them (documentPages.ts). */
export const documentTexts = {
  documentShell: { nav: 'Mes documents' },
};
