import type { Config } from '../../config.ts';
import type { Platform } from '../../platform/service.ts';
import { PushChannel } from './push.channel.ts';
import { PushKeys } from './push.keys.ts';
import { PushSubscriptionsService } from './push.service.ts';

/** Web Push's services, built once by the notifications module (notifications.services.ts). */
export function createPush(
  deps: Pick<Platform, 'db' | 'clock'> & {
    config: Pick<Config, 'vapid' | 'vapidSubject' | 'publicUrl' | 'pushServiceHosts'>;
  },
) {
  const { db, clock, config } = deps;
  const keys = new PushKeys({ db, clock, configured: config.vapid });
  return {
    keys,
    subscriptions: new PushSubscriptionsService({ db, clock, keys, serviceHosts: config.pushServiceHosts }),
    channel: new PushChannel({ db, clock, keys, publicUrl: config.publicUrl, subject: config.vapidSubject }),
  };
}

export type Push = ReturnType<typeof createPush>;
