import { z } from 'zod';
import {
  digestFrequencies,
  notificationCategories,
  notificationChannels,
  notificationTypes,
} from './notification-catalogue.ts';
import { pageQuery } from './pagination.ts';
import { searchText } from './text.ts';

export * from './notification-catalogue.ts';

export const notificationErrorCodes = [
  'NOTIFICATION_NOT_FOUND',
  /** A security notice's channels cannot be turned off. */
  'NOTIFICATION_TYPE_LOCKED',
  'PUSH_SUBSCRIPTION_NOT_FOUND',
  /** Web Push is not available on this server (no VAPID keys could be made or read). */
  'PUSH_UNAVAILABLE',
  /** The subscription's endpoint is not on one of the push services this server accepts. */
  'PUSH_SERVICE_NOT_ALLOWED',
  'INVALID_TIME_ZONE',
  /** A one-click unsubscribe link that is malformed or forged. */
  'UNSUBSCRIBE_LINK_INVALID',
] as const;

export const notificationType = z
  .enum(notificationTypes as [string, ...string[]])
  .pipe(z.custom<(typeof notificationTypes)[number]>());
export const notificationChannel = z.enum(notificationChannels);

/** One notification as its recipient reads it, texts rendered in the recipient's language. */
export const notification = z.object({
  id: z.string().uuid(),
  type: notificationType,
  category: z.enum(notificationCategories),
  title: z.string(),
  body: z.string(),
  /** Path in the web app to open (`/dossiers/…`, `/messages/…`). */
  link: z.string(),
  /** For grouped types: how many events this one notification stands for (e.g. 3 new messages). */
  count: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  readAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notification>;

export const notificationListQuery = pageQuery.extend({
  /** Comma-separated types, or categories, to keep. */
  types: z
    .string()
    .max(2000)
    .optional()
    .transform((value) => (value ? value.split(',').filter(Boolean) : undefined))
    .pipe(z.array(notificationType).max(50).optional()),
  category: z.enum(notificationCategories).optional(),
  /** `inbox` (not archived, the default), `unread`, `archived`, `all`. */
  view: z.enum(['inbox', 'unread', 'archived', 'all']).default('inbox'),
  q: searchText({ min: 2, max: 100 }).optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

export const unreadNotifications = z.object({ unread: z.number().int().nonnegative() });
export type UnreadNotifications = z.infer<typeof unreadNotifications>;

export const markAllReadInput = z
  .object({
    /** Only notifications up to this one's time (what the user saw), so a newer one stays unread. */
    before: z.string().datetime().optional(),
  })
  .strict();

/** Each type's channels as the user has them (defaults applied), plus the user's schedule. */
export const notificationPreferences = z.object({
  channels: z.record(z.string(), z.object({ in_app: z.boolean(), email: z.boolean(), push: z.boolean() })),
  /** 'HH:MM' in `timeZone`; both null: no quiet hours. */
  quietHours: z
    .object({
      start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    })
    .nullable(),
  timeZone: z.string().min(1).max(64),
  locale: z.enum(['fr', 'en']),
  digest: z.enum(digestFrequencies),
});
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

/** A partial update: the cells sent replace the user's; the rest stays. */
export const notificationPreferencesInput = z
  .object({
    channels: z
      .partialRecord(
        notificationType,
        z.object({ in_app: z.boolean(), email: z.boolean(), push: z.boolean() }).partial().strict(),
      )
      .optional(),
    quietHours: notificationPreferences.shape.quietHours.optional(),
    timeZone: notificationPreferences.shape.timeZone.optional(),
    locale: notificationPreferences.shape.locale.optional(),
    digest: notificationPreferences.shape.digest.optional(),
  })
  .strict();
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesInput>;

/** A browser's PushSubscription.toJSON(). */
export const pushSubscriptionInput = z.object({
  endpoint: z.string().url().max(2048).startsWith('https://'),
  keys: z.object({
    p256dh: z.string().min(80).max(128),
    auth: z.string().min(16).max(32),
  }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInput>;

export const pushSubscriptionDelete = z.object({ endpoint: z.string().url().max(2048) });

export const pushConfig = z.object({ publicKey: z.string() });

/** What the server pushes on the socket (`notification:new`, `notification:updated`). */
export type NotificationLive = { notification: Notification; unread: number };
export type NotificationsRead = { ids: string[] | 'all'; unread: number };
