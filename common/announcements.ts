import { z } from 'zod';
import { dossierStatuses } from './dossier-lifecycle.ts';
import { notificationChannel } from './notifications.ts';
import { regions } from './reference.ts';
import { roles } from './roles.ts';
import { productCode } from './users.ts';

/** Why the announcement routes refuse a request. */
export const announcementErrorCodes = [
  'ANNOUNCEMENT_NOT_FOUND',
  /** Only a scheduled announcement can be cancelled: it is being sent, was sent or was cancelled already. */
  'ANNOUNCEMENT_NOT_SCHEDULED',
  /** `scheduledAt` is in the past: leave it out to send now. */
  'ANNOUNCEMENT_SCHEDULE_PAST',
  /** The segment selects nobody. */
  'ANNOUNCEMENT_NO_RECIPIENTS',
] as const;

const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).default([]);

/**
 * Who receives an announcement: only active accounts, and among them those that match every non-empty field (AND
 * across fields); within a field, any of its values matches (OR). Every field empty: every active account.
 *
 * - `roles`: the account's role.
 * - `regions`: a client through their company's region; an expert through the regions of their profile (any
 *   overlap). An admin has no region: never matched.
 * - `products` and `dossierStatuses`: a client when one dossier of their company matches both (its product among
 *   `products` when given, its status among `dossierStatuses` when given). An expert through their profile for
 *   products (a specialty among `products`) and through the dossiers assigned to them for statuses (one of them in
 *   one of `dossierStatuses`). An admin: never matched.
 * - `specialties`: experts whose profile lists one of these products; clients and admins never match.
 * - `userIds`: these accounts (an unknown or inactive one is ignored).
 */
export const announcementSegment = z
  .object({
    roles: list(z.enum(roles), roles.length),
    regions: list(z.enum(regions), regions.length),
    products: list(productCode, 50),
    dossierStatuses: list(z.enum(dossierStatuses), dossierStatuses.length),
    specialties: list(productCode, 50),
    userIds: list(z.string().uuid(), 1000),
  })
  .strict();
export type AnnouncementSegment = z.infer<typeof announcementSegment>;

export const announcementPreviewInput = z.object({ segment: announcementSegment }).strict();

/** The exact number of accounts the segment selects now, and the first few of them by name. */
export const announcementPreview = z.object({
  count: z.number().int().nonnegative(),
  sample: z.array(
    z.object({
      id: z.string().uuid(),
      firstName: z.string(),
      lastName: z.string(),
      role: z.enum(roles),
    }),
  ),
});
export type AnnouncementPreview = z.infer<typeof announcementPreview>;

export const announcementStatuses = ['scheduled', 'sending', 'sent', 'cancelled'] as const;
export type AnnouncementStatus = (typeof announcementStatuses)[number];

const title = z.string().trim().min(1).max(120);
const body = z.string().trim().min(1).max(2000);

export const announcementInput = z
  .object({
    titleFr: title,
    bodyFr: body,
    titleEn: title,
    bodyEn: body,
    segment: announcementSegment,
    /** In-app is always part of it (the announcement's record); e-mail and push as each recipient allows. */
    channels: z
      .array(notificationChannel)
      .min(1)
      .max(3)
      .refine((channels) => channels.includes('in_app'), 'Le canal in_app est obligatoire')
      .refine((channels) => new Set(channels).size === channels.length, 'Canal en double'),
    /** When to send it; absent: now. */
    scheduledAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type AnnouncementInput = z.infer<typeof announcementInput>;

export const announcement = z.object({
  id: z.string().uuid(),
  titleFr: z.string(),
  bodyFr: z.string(),
  titleEn: z.string(),
  bodyEn: z.string(),
  segment: announcementSegment,
  channels: z.array(notificationChannel),
  status: z.enum(announcementStatuses),
  author: z.object({ id: z.string().uuid(), firstName: z.string(), lastName: z.string() }),
  scheduledAt: z.string(),
  sentAt: z.string().nullable(),
  /** Set once the announcement was stored for its recipients. */
  recipientCount: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Announcement = z.infer<typeof announcement>;

/** What became of an announcement, counted from its notifications and their deliveries. */
export const announcementStatistics = z.object({
  recipients: z.number().int().nonnegative(),
  /** In the notification centre (recipients who keep in-app notifications of this type). */
  delivered: z.number().int().nonnegative(),
  read: z.number().int().nonnegative(),
  emailsSent: z.number().int().nonnegative(),
  emailsFailed: z.number().int().nonnegative(),
  pushesSent: z.number().int().nonnegative(),
  pushesFailed: z.number().int().nonnegative(),
});
export type AnnouncementStatistics = z.infer<typeof announcementStatistics>;

export const announcementDetail = announcement.extend({ statistics: announcementStatistics });
export type AnnouncementDetail = z.infer<typeof announcementDetail>;
