// What the app shell shows of this feature on every page of a signed-in user, loaded after the page itself
// (client/src/app/Layout.tsx): the bell, which keeps the notifications live, and the push prompt's slot.
export { NotificationBell } from './NotificationBell.tsx';
export { PushPromptSlot } from './PushPromptSlot.tsx';
export { disablePush } from './push.ts';
