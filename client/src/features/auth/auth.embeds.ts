// What other parts of the app may show of the account feature.
export { EmailVerificationBanner } from './EmailVerificationBanner.tsx';
