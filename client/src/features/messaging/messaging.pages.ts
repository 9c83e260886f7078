export { MessagingPage } from './MessagingPage.tsx';
