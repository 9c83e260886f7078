/** The feature's pages, each loaded on its first visit (client/src/app/routes.tsx). */
export const authPages = {
  login: () => import('./LoginPage.tsx').then((m) => m.LoginPage),
  register: () => import('./RegisterPage.tsx').then((m) => m.RegisterPage),
  account: () => import('./AccountPage.tsx').then((m) => m.AccountPage),
  pendingAccount: () => import('./AccountPage.tsx').then((m) => m.PendingAccountPage),
  verifyEmail: () => import('./VerifyEmailPage.tsx').then((m) => m.VerifyEmailPage),
  forgotPassword: () => import('./ForgotPasswordPage.tsx').then((m) => m.ForgotPasswordPage),
  resetPassword: () => import('./ResetPasswordPage.tsx').then((m) => m.ResetPasswordPage),
};
