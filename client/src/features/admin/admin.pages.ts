export { AdminDossiersPage } from './AdminDossiersPage.tsx';
export { AdminUsersPage } from './AdminUsersPage.tsx';
