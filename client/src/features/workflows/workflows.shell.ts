// What the app shell shows of this feature on every page of an expert or admin, loaded after the page itself
// (client/src/app/Layout.tsx): the alert badge.
export { AlertBadge } from './AlertBadge.tsx';
