import type { RealtimeHub } from '../../platform/realtime.ts';
import type { Platform } from '../../platform/service.ts';
import { AnnouncementsLive } from './announcements.live.ts';
import { AnnouncementsService } from './announcements.service.ts';
import type { NotificationsRealtime } from './notifications.realtime.ts';

/** The announcements service, built once by the notifications module (notifications.services.ts). */
export function createAnnouncements(
  deps: Pick<Platform, 'db' | 'clock' | 'jobs'> & {
    hub: RealtimeHub;
    realtime: NotificationsRealtime;
    log: (error: unknown, context: string) => void;
  },
): AnnouncementsService {
  const { db, clock, jobs, hub, realtime, log } = deps;
  return new AnnouncementsService({
    db,
    clock,
    jobs,
    log,
    live: new AnnouncementsLive({ db, hub, realtime }),
  });
}
