export { AdminDossiersPage } from './AdminDossiersPage.tsx';
export { AdminJoinRequestsPage } from './AdminJoinRequestsPage.tsx';
export { AdminUsersPage } from './AdminUsersPage.tsx';
