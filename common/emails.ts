import { z } from 'zod';
import { pageQuery } from './pagination.ts';

/** Where an e-mail is: waiting to be sent, sent, failed after its retries, or kept in the outbox (no SMTP). */
export const emailStatuses = ['queued', 'sent', 'failed', 'outbox'] as const;
export type EmailStatus = (typeof emailStatuses)[number];

/** The admins' outbox: every e-mail the platform sent or keeps, newest first. */
export const emailListQuery = pageQuery.extend({
  status: z.enum(emailStatuses).optional(),
  /** A notification type, 'digest', or an account e-mail ('account.verify_email'…). */
  kind: z
    .string()
    .trim()
    .regex(/^[a-z_.]{1,64}$/)
    .optional(),
  /** Part of the recipient's address. */
  recipient: z.string().trim().min(1).max(254).optional(),
});
export type EmailListQuery = z.infer<typeof emailListQuery>;

export const emailListItem = z.object({
  id: z.string().uuid(),
  to: z.string(),
  userId: z.string().uuid().nullable(),
  kind: z.string(),
  locale: z.enum(['fr', 'en']),
  subject: z.string(),
  status: z.enum(emailStatuses),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type EmailListItem = z.infer<typeof emailListItem>;

/** One e-mail as it was rendered: both parts and its extra headers (List-Unsubscribe…). */
export const emailDetail = emailListItem.extend({
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
  smtpMessageId: z.string().nullable(),
});
export type EmailDetail = z.infer<typeof emailDetail>;
