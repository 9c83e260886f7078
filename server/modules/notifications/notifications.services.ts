import type { Config } from '../../config.ts';
import type { Mailer } from '../../platform/mailer.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import type { Platform } from '../../platform/service.ts';
import type { UsersService } from '../users/users.service.ts';
import { createAnnouncements } from './announcements.services.ts';
import type { DeliveryChannel, DeliveryChannelName } from './channel.ts';
import { DeliveriesService } from './deliveries.ts';
import { createEmail } from './email.services.ts';
import { NotificationsRealtime } from './notifications.realtime.ts';
import { NotificationsService } from './notifications.service.ts';
import { NotificationStore } from './notifications.store.ts';
import { PreferencesService } from './preferences.service.ts';
import { createPush } from './push.services.ts';

export type NotificationChannels = Record<DeliveryChannelName, DeliveryChannel>;

/**
 * The notifications module's services, built once: `notify` and the centre, the preferences, the deliveries and
 * their channels (e-mail through the mailer, Web Push), the announcements.
 */
export function createNotifications(
  deps: Pick<Platform, 'db' | 'clock' | 'jobs'> & {
    users: UsersService;
    realtime: RealtimeHub;
    mailer: Mailer;
    config: Pick<
      Config,
      | 'newMessageEmailDelaySeconds'
      | 'publicUrl'
      | 'jwtSecret'
      | 'vapid'
      | 'vapidSubject'
      | 'pushServiceHosts'
    >;
    log: (error: unknown, context: string) => void;
    /** The channels deliveries go out on; by default e-mail (SMTP or the outbox) and Web Push. */
    channels?: NotificationChannels;
  },
) {
  const { db, clock, jobs, users, mailer, config, log } = deps;
  const realtime = new NotificationsRealtime(deps.realtime);
  const email = createEmail({ db, clock, mailer, config });
  const push = createPush({ db, clock, config });
  return {
    notifications: new NotificationsService({
      db,
      clock,
      jobs,
      users,
      store: new NotificationStore({
        db,
        users,
        groupedEmailDelayMs: config.newMessageEmailDelaySeconds * 1000,
      }),
      realtime,
      log,
    }),
    preferences: new PreferencesService({ db, clock, users }),
    deliveries: new DeliveriesService({
      db,
      clock,
      jobs,
      users,
      channels: deps.channels ?? { email: email.channel, push: push.channel },
    }),
    email,
    push,
    announcements: createAnnouncements({ db, clock, jobs, log, hub: deps.realtime, realtime }),
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
