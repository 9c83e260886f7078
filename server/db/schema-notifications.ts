import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

/** The tables of notifications, e-mails, push and announcements (014_notifications.sql). */
export interface NotificationsTable {
  id: string;
  recipientId: string;
  type: string;
  groupKey: string | null;
  groupCount: ColumnType<number, number | undefined, number>;
  data: Json<Record<string, unknown>>;
  link: string;
  inApp: boolean;
  searchText: ColumnType<string, string | undefined, string>;
  announcementId: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  readAt: Timestamp | null;
  archivedAt: Timestamp | null;
}

export interface NotificationEventsTable {
  recipientId: string;
  eventKey: string;
  notificationId: string;
  createdAt: Timestamp;
}

export interface NotificationDeliveriesTable {
  id: string;
  notificationId: string;
  recipientId: string;
  eventKey: string;
  channel: 'email' | 'push';
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  skipReason: string | null;
  dueAt: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  createdAt: Timestamp;
  sentAt: Timestamp | null;
}

export interface NotificationSettingsTable {
  userId: string;
  channels: Json<Record<string, Partial<Record<'in_app' | 'email' | 'push', boolean>>>>;
  /** time: read as 'HH:MM:SS' */
  quietStart: string | null;
  quietEnd: string | null;
  digest: 'off' | 'daily' | 'weekly';
  lastDigestAt: Timestamp | null;
  updatedAt: Timestamp;
}

export interface PushSubscriptionsTable {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userAgent: ColumnType<string, string | undefined, string>;
  createdAt: Timestamp;
  lastSuccessAt: Timestamp | null;
}

export type EmailAttachment = { filename: string; contentType: string; blobKey: string };

export interface EmailMessagesTable {
  id: string;
  idempotencyKey: string;
  userId: string | null;
  toAddress: string;
  kind: string;
  locale: 'fr' | 'en';
  subject: string;
  html: string;
  text: string;
  headers: Json<Record<string, string>>;
  /** 024_reports.sql: files read from storage when the e-mail is sent. */
  attachments: ColumnType<EmailAttachment[], string | undefined, string>;
  status: 'queued' | 'sent' | 'failed' | 'outbox';
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  smtpMessageId: string | null;
  createdAt: Timestamp;
  sentAt: Timestamp | null;
}

export interface AccountTokensTable {
  id: string;
  userId: string;
  purpose: 'verify_email' | 'reset_password';
  tokenHash: string;
  email: string;
  createdAt: Timestamp;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
}

export interface AppSecretsTable {
  name: string;
  value: Json<unknown>;
  createdAt: DefaultedTimestamp;
}

export interface AnnouncementsTable {
  id: string;
  authorId: string;
  titleFr: string;
  bodyFr: string;
  titleEn: string;
  bodyEn: string;
  segment: Json<Record<string, unknown>>;
  channels: string[];
  status: 'scheduled' | 'sending' | 'sent' | 'cancelled';
  scheduledAt: Timestamp;
  sentAt: Timestamp | null;
  recipientCount: number | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface NotificationTables {
  notifications: NotificationsTable;
  notificationEvents: NotificationEventsTable;
  notificationDeliveries: NotificationDeliveriesTable;
  notificationSettings: NotificationSettingsTable;
  pushSubscriptions: PushSubscriptionsTable;
  emailMessages: EmailMessagesTable;
  accountTokens: AccountTokensTable;
  appSecrets: AppSecretsTable;
  announcements: AnnouncementsTable;
}
