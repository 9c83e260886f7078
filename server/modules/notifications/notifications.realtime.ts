import type { NotificationLive, NotificationsRead } from '../../../common/notifications.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';

/** Notifications go to their recipient's own room: every tab and device of theirs, on every instance. */
export class NotificationsRealtime {
  private readonly hub: RealtimeHub;

  constructor(hub: RealtimeHub) {
    this.hub = hub;
  }

  created(userId: string, live: NotificationLive): void {
    this.hub.emitTo(rooms.user(userId), 'notification:new', live);
  }

  read(userId: string, state: NotificationsRead): void {
    this.hub.emitTo(rooms.user(userId), 'notification:read', state);
  }

  updated(userId: string, live: NotificationLive): void {
    this.hub.emitTo(rooms.user(userId), 'notification:updated', live);
  }
}
