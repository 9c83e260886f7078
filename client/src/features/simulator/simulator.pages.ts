/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const simulatorPages = {
  simulator: () => import('./SimulatorPage.tsx').then((m) => m.SimulatorPage),
};
