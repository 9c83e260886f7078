import type { z } from 'zod';
import type { pushConfig } from '../../../../common/notifications.ts';
import { ApiError, api } from '../../lib/api.ts';
import { registerServiceWorker, serviceWorkerSupported } from '../../lib/serviceWorker.ts';

/**
 * Browser notifications (Web Push): this browser's permission and subscription, kept in step with the server
 * (`/api/push/*`). The notifications themselves are shown by the service worker (client/public/sw.js), which
 * app/serviceWorker.ts registers in production builds once the visitor leaves the page alone, and enablePush at once.
 *
 * - 'unsupported': no Push API, or no service worker (a development server);
 * - 'denied': the user blocked notifications for the site (only the browser's settings can undo it);
 * - 'prompt': never asked;
 * - 'enabled': this browser receives the notifications;
 * - 'disabled': allowed, but not subscribed (turned off here).
 */
export type PushState = 'unsupported' | 'denied' | 'prompt' | 'enabled' | 'disabled';

export function pushSupport(): boolean {
  return serviceWorkerSupported() && 'PushManager' in window && 'Notification' in window;
}

/** This browser's subscription: none while no worker is registered (a first visit's worker registers late). */
const currentSubscription = async () =>
  (await navigator.serviceWorker.getRegistration())?.pushManager.getSubscription() ?? null;

export async function pushState(): Promise<PushState> {
  if (!pushSupport()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission === 'default') return 'prompt';
  return (await currentSubscription()) ? 'enabled' : 'disabled';
}

/**
 * Asks the permission (call it from a click: browsers ignore a request made without one), subscribes this browser
 * with the server's key and records it for the signed-in user. Called again, it hands this browser's subscription
 * to whoever is signed in now.
 */
export async function enablePush(): Promise<PushState> {
  if (!pushSupport()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'prompt';
  // Subscribing needs an active worker: a first visit's may not be registered yet.
  if (!(await registerServiceWorker())) return 'unsupported';
  const worker = await navigator.serviceWorker.ready;
  const { publicKey } = await api<z.infer<typeof pushConfig>>('/api/push/config');
  const serverKey = fromBase64Url(publicKey);
  let subscription = await worker.pushManager.getSubscription();
  // Made with another key (the server's pair changed): the push services would refuse our pushes to it.
  if (subscription && !sameBytes(subscription.options.applicationServerKey, serverKey)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await worker.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: serverKey,
  });
  const { endpoint, keys } = subscription.toJSON();
  await api<void>('/api/push/subscriptions', { method: 'POST', body: { endpoint, keys } });
  return 'enabled';
}

/** Stops the notifications on this browser: forgotten by the server, then unsubscribed. */
export async function disablePush(): Promise<PushState> {
  if (!pushSupport()) return 'unsupported';
  const subscription = await currentSubscription();
  if (!subscription) return pushState();
  try {
    await api<void>('/api/push/subscriptions', {
      method: 'DELETE',
      body: { endpoint: subscription.endpoint },
    });
  } catch (error) {
    // Already gone from the server (another user took this browser since): only the browser's side is left.
    if (!(error instanceof ApiError && error.code === 'PUSH_SUBSCRIPTION_NOT_FOUND')) throw error;
  }
  await subscription.unsubscribe();
  return 'disabled';
}

function fromBase64Url(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replaceAll('-', '+').replaceAll('_', '/');
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
}

function sameBytes(key: ArrayBuffer | null, expected: Uint8Array): boolean {
  if (!key || key.byteLength !== expected.length) return false;
  const bytes = new Uint8Array(key);
  return bytes.every((byte, i) => byte === expected[i]);
}
