import type { RealtimeHub } from '../../platform/realtime.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { announcementsRepo } from './announcements.repo.ts';
import { toNotification } from './notifications.presenter.ts';
import type { NotificationsRealtime } from './notifications.realtime.ts';
import { notificationsRepo } from './notifications.repo.ts';

/** Recipients read per query when telling the connected ones. */
const CHUNK = 1000;

export type AnnouncementsLiveDeps = Pick<Platform, 'db'> & {
  /** Who is connected, on every instance. */
  hub: RealtimeHub;
  realtime: NotificationsRealtime;
};

/**
 * Tells the connected recipients of an announcement at once: `notification:new` on each one's sockets, in their
 * language, with their unread count. Only the users connected somewhere are looked up, so an announcement to 100,000
 * accounts costs as many reads and emits as there are people online; the others see it when they open the app.
 */
export class AnnouncementsLive extends Service<AnnouncementsLiveDeps> {
  async announce(announcementId: string): Promise<void> {
    const { db, hub, realtime } = this.deps;
    // The others will not be told: their sockets that connect later read their data again.
    hub.missed.recordForEveryone();
    const sockets = await hub.io.fetchSockets();
    const connected = [...new Set(sockets.map((socket) => socket.data.user.id))];
    for (let from = 0; from < connected.length; from += CHUNK) {
      const rows = await announcementsRepo.liveNotifications(
        db,
        announcementId,
        connected.slice(from, from + CHUNK),
      );
      const unread = await notificationsRepo.unreadCounts(
        db,
        rows.map((row) => row.recipientId),
      );
      for (const row of rows) {
        realtime.created(row.recipientId, {
          notification: toNotification(row, row.locale),
          unread: unread.get(row.recipientId) ?? 0,
        });
      }
    }
  }
}
