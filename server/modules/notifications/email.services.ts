import type { Config } from '../../config.ts';
import type { Mailer } from '../../platform/mailer.ts';
import type { Platform } from '../../platform/service.ts';
import { DigestService } from './digest.ts';
import { EmailChannel } from './email.channel.ts';
import { EmailOutboxService } from './email.service.ts';
import { UnsubscribeLinks, UnsubscribeService } from './unsubscribe.ts';

/** The e-mail side of notifications, built once by the notifications module (notifications.services.ts). */
export function createEmail(
  deps: Pick<Platform, 'db' | 'clock'> & {
    mailer: Mailer;
    config: Pick<Config, 'publicUrl' | 'jwtSecret'>;
  },
) {
  const { db, clock, mailer, config } = deps;
  const links = new UnsubscribeLinks(config.jwtSecret);
  return {
    links,
    channel: new EmailChannel({ mailer, links, publicUrl: config.publicUrl }),
    outbox: new EmailOutboxService({ db }),
    unsubscribe: new UnsubscribeService({ db, clock, links }),
    digest: new DigestService({ db, clock, mailer, publicUrl: config.publicUrl }),
  };
}

export type Email = ReturnType<typeof createEmail>;
