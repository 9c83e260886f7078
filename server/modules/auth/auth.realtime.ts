import type { EventBus } from '../../platform/events.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';

/** Which live connections end with an account's access: those of ended sessions, all those of a suspended user. */
export function registerAuthRealtime(hub: RealtimeHub, events: EventBus): void {
  hub.untilClose(
    // A suspended user loses every live connection at once, on every instance.
    events.subscribe('user.status_changed', (e) => {
      if (e.status === 'suspended') hub.disconnect(rooms.user(e.userId));
    }),
    // Ended sessions (logout, password change…) lose their sockets on every instance; the client is told why and
    // does not reconnect on its own.
    events.subscribe('auth.sessions_revoked', (e) => {
      if (e.sessionIds?.length === 0) return;
      const ended = e.sessionIds === null ? rooms.user(e.userId) : e.sessionIds.map(rooms.session);
      const kept = e.keepSessionId ? rooms.session(e.keepSessionId) : null;
      hub.disconnect(ended, { except: kept, revoked: e.reason });
    }),
  );
}
