import { createHash } from 'node:crypto';
import webpush from 'web-push';
import { type NotificationCategory, ruleOf } from '../../../common/notifications.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { ChannelDelivery, ChannelOutcome, DeliveryChannel } from './channel.ts';
import type { PushKeys } from './push.keys.ts';
import { type PushSubscriptionRow, pushRepo } from './push.repo.ts';

/** What the service worker (client/public/sw.js) receives, decrypted. */
export type PushPayload = { title: string; body: string; link: string; tag: string; notificationId: string };

/** A push not delivered within a day (the device stayed offline) is dropped by the push service: it is stale. */
const TTL_SECONDS = 24 * 60 * 60;
/** A push service that does not answer within this time is tried again by the job's retry. */
const REQUEST_TIMEOUT_MS = 10_000;

/** How soon a device should wake up for it (RFC 8030 §5.3): a battery-saving device may hold low ones back. */
const urgencyOf: Record<NotificationCategory, webpush.Urgency> = {
  messages: 'high',
  security: 'high',
  dossiers: 'normal',
  marketplace: 'normal',
  documents: 'normal',
  workflow: 'normal',
  account: 'normal',
  platform: 'low',
};

export type PushChannelDeps = Pick<Platform, 'db' | 'clock'> & {
  keys: PushKeys;
  /** Origin of the app (config.publicUrl): pushes carry absolute links. */
  publicUrl: string;
  /** VAPID contact (config.vapidSubject): a mailto: or https: URL the push services may reach. */
  subject: string;
};

/**
 * Web Push (RFC 8030, payload encrypted per RFC 8291, signed per RFC 8292) to every browser the recipient subscribed.
 * A newer push about the same object replaces the older one: at the push service while undelivered (`topic`), on
 * the screen once shown (`tag`), so a device coming back online is not flooded with stale notifications.
 */
export class PushChannel extends Service<PushChannelDeps> implements DeliveryChannel {
  async deliver(input: ChannelDelivery): Promise<ChannelOutcome> {
    const { db, clock, keys, publicUrl, subject } = this.deps;
    const subscriptions = await pushRepo.listForUser(db, input.recipient.id);
    if (subscriptions.length === 0) return { status: 'skipped', reason: 'no_subscription' };
    const { notification, content } = input;
    const topic = topicOf(notification.type, notification.link);
    const payload: PushPayload = {
      title: content.title,
      body: content.body,
      link: `${publicUrl}${notification.link}`,
      tag: topic,
      notificationId: notification.id,
    };
    const options: webpush.RequestOptions = {
      vapidDetails: { subject, ...(await keys.get()) },
      TTL: TTL_SECONDS,
      topic,
      urgency: urgencyOf[ruleOf(notification.type).category],
      contentEncoding: 'aes128gcm',
      timeout: REQUEST_TIMEOUT_MS,
    };
    const body = JSON.stringify(payload);
    const outcomes = await Promise.all(subscriptions.map((sub) => send(sub, body, options)));

    const sent = subscriptions.filter((_, i) => outcomes[i] === 'sent');
    const gone = subscriptions.filter((_, i) => outcomes[i] === 'gone');
    const failures = outcomes.filter((outcome) => outcome !== 'sent' && outcome !== 'gone');
    for (const sub of gone) await pushRepo.deleteGone(db, sub);
    if (sent.length > 0) {
      await pushRepo.markSuccess(
        db,
        sent.map((sub) => sub.id),
        clock.now(),
      );
      return { status: 'sent' };
    }
    if (failures.length === 0) return { status: 'skipped', reason: 'subscription_gone' };
    // No browser got it: the job tries again (a retry that reached one browser would show it twice there).
    throw new Error(`Web Push failed on every subscription: ${failures.join(', ')}`);
  }
}

/** 'sent', 'gone' (the push service no longer knows the subscription), or why it failed. */
async function send(
  sub: PushSubscriptionRow,
  body: string,
  options: webpush.RequestOptions,
): Promise<string> {
  try {
    await webpush.sendNotification(
      { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
      body,
      options,
    );
    return 'sent';
  } catch (error) {
    if (error instanceof webpush.WebPushError) {
      return error.statusCode === 404 || error.statusCode === 410 ? 'gone' : `HTTP ${error.statusCode}`;
    }
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

/** The same object's notifications share it: ≤ 32 characters of the URL-safe base64 alphabet (RFC 8030 §5.4). */
const topicOf = (type: string, link: string) =>
  createHash('sha256').update(`${type}\n${link}`).digest('base64url').slice(0, 32);
