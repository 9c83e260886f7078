import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';

type Announcements = {
  send(announcementId: string, options: { retry: boolean }): Promise<void>;
  sendDue(): Promise<void>;
};

/**
 * Sends one announcement when its time comes (sent with `startAfter` = its scheduled time): stores it for its whole
 * segment, tells the connected recipients, queues the e-mails and pushes. Idempotent: a cancelled, sent or not yet
 * due announcement is left alone, and a retry stores nobody twice.
 */
export const sendAnnouncement = defineJob({
  name: 'notifications.announcement-send',
  payload: z.object({ announcementId: z.string().uuid() }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  run: async (
    { announcementId },
    { announcements, attempt }: JobContext & { announcements: Announcements },
  ) => {
    await announcements.send(announcementId, { retry: attempt > 0 });
  },
});

/**
 * Every minute, the safety net: sends the jobs of announcements whose time passed without one (lost, or the sending
 * instance stopped half-way), so a scheduled announcement always goes out.
 */
export const sendDueAnnouncements = defineJob({
  name: 'notifications.announcement-sweep',
  payload: z.object({}),
  cron: { schedule: '* * * * *', payload: {} },
  run: async (_payload, { announcements }: JobContext & { announcements: Announcements }) => {
    await announcements.sendDue();
  },
});
