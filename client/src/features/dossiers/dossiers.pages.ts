export { ClientDashboard, ExpertDashboard } from './DashboardPages.tsx';
export { DossierPage } from './DossierPage.tsx';
