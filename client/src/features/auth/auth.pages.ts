export { AccountPage, PendingAccountPage } from './AccountPage.tsx';
export { LoginPage } from './LoginPage.tsx';
export { RegisterPage } from './RegisterPage.tsx';
