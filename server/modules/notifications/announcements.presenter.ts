import {
  type Announcement,
  type AnnouncementDetail,
  type AnnouncementStatistics,
  announcementSegment,
} from '../../../common/announcements.ts';
import type { NotificationChannel } from '../../../common/notifications.ts';
import type { AnnouncementRow } from './announcements.repo.ts';

/** An announcement row as the admin API shows it. */
export function toAnnouncement(row: AnnouncementRow): Announcement {
  return {
    id: row.id,
    titleFr: row.titleFr,
    bodyFr: row.bodyFr,
    titleEn: row.titleEn,
    bodyEn: row.bodyEn,
    segment: announcementSegment.parse(row.segment),
    channels: row.channels as NotificationChannel[],
    status: row.status,
    author: { id: row.authorId, firstName: row.authorFirstName, lastName: row.authorLastName },
    scheduledAt: row.scheduledAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    recipientCount: row.recipientCount,
    createdAt: row.createdAt.toISOString(),
  };
}

export const toAnnouncementDetail = (
  row: AnnouncementRow,
  statistics: AnnouncementStatistics,
): AnnouncementDetail => ({ ...toAnnouncement(row), statistics });
