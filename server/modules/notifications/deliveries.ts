import type { Updateable } from 'kysely';
import type { NotificationType } from '../../../common/notifications.ts';
import type { Database } from '../../db/schema.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { UsersService } from '../users/users.service.ts';
import type { DeliveryChannel, DeliveryChannelName } from './channel.ts';
import { type ClaimedDelivery, deliveriesRepo } from './deliveries.repo.ts';
import { heldUntil, skipReason } from './deliveries.rules.ts';
import { deliverNotification, deliveryJobs } from './notifications.jobs.ts';
import { settingsOf } from './preferences.ts';
import { renderNotification } from './templates.ts';

/**
 * How long one run holds its deliveries: longer than its channel calls, one after the other (a push times out after
 * 10 s; a job has at most 20 deliveries); a run that crashed frees them after that.
 */
export const LEASE_MS = 5 * 60_000;
/** Attempts of a channel that keeps failing before the delivery is recorded as failed. */
export const MAX_ATTEMPTS = 5;
/** The wait before the second attempt, doubled at each further one (30 s, 1 min, 2 min, 4 min). */
const RETRY_BASE_MS = 30_000;
/** The sweep sends again what is still pending this long after it fell due (a lease over, a job lost). */
const OVERDUE_AFTER_MS = LEASE_MS;
const SWEEP_BATCH = 1000;

export type DeliveriesDeps = Pick<Platform, 'db' | 'clock' | 'jobs'> & {
  users: UsersService;
  channels: Record<DeliveryChannelName, DeliveryChannel>;
};

type Contact = Awaited<ReturnType<UsersService['contacts']>>[number];
type Changes = Updateable<Database['notificationDeliveries']>;
/** How one run of a delivery ended: what its row records, and when it runs again if it does. */
type Ended = { changes: Changes; again?: Date };

/** The e-mails and pushes of notifications: each sent once, when due, if the recipient still wants it. */
export class DeliveriesService extends Service<DeliveriesDeps> {
  /**
   * One run of deliveries that fell due together (an event's recipients): each sent, skipped (and why), held to
   * later, or retried later after a failure; their claim, their recipients and their outcomes read and written in a
   * few statements whatever their number (those ending alike in one: a sent one records the run's time).
   */
  async deliver(deliveryIds: readonly string[]): Promise<void> {
    const { db, clock, users } = this.deps;
    const now = clock.now();
    // Those done already, taken by another run, or not due yet (their own job or the sweep comes back for them).
    const claimed = await deliveriesRepo.claim(db, deliveryIds, now, new Date(now.getTime() + LEASE_MS));
    if (claimed.length === 0) return;
    const recipients = new Map(
      (await users.contacts([...new Set(claimed.map((d) => d.recipientId))])).map((r) => [r.id, r]),
    );
    const ended = new Map<string, { changes: Changes; ids: string[]; again?: Date }>();
    // One channel call at a time: a job's calls stay within its lease, and its e-mails take one connection.
    for (const delivery of claimed) {
      const recipient = recipients.get(delivery.recipientId);
      // Deleted meanwhile: the delivery goes with the account.
      if (!recipient) continue;
      const { changes, again } = await this.run(delivery, recipient, now);
      const key = JSON.stringify(changes);
      const same = ended.get(key) ?? { changes, ids: [], again };
      same.ids.push(delivery.id);
      ended.set(key, same);
    }
    for (const { changes, ids } of ended.values()) await deliveriesRepo.finish(db, ids, changes);
    await this.deps.jobs.sendMany(
      deliverNotification,
      deliveryJobs(
        [...ended.values()].flatMap(({ ids, again }) =>
          again ? ids.map((id) => ({ id, dueAt: again })) : [],
        ),
      ),
    );
  }

  private async run(delivery: ClaimedDelivery, recipient: Contact, now: Date): Promise<Ended> {
    const { notification } = delivery;
    const type = notification.type as NotificationType;
    const settings = settingsOf(delivery.settings);
    const reason = skipReason({
      type,
      channel: delivery.channel,
      notificationRead: notification.readAt !== null,
      superseded: Boolean(notification.superseded),
      recipientStatus: recipient.status,
      settings,
    });
    if (reason) return { changes: { status: 'skipped', skipReason: reason, dueAt: now } };
    const held = heldUntil(type, now, { settings, timeZone: recipient.timeZone });
    if (held) return { changes: { dueAt: held }, again: held };
    const attempts = delivery.attempts + 1;
    try {
      const outcome = await this.deps.channels[delivery.channel].deliver({
        deliveryId: delivery.id,
        eventKey: delivery.eventKey,
        recipient: {
          id: recipient.id,
          email: recipient.email,
          firstName: recipient.firstName,
          locale: recipient.locale,
        },
        notification: { id: notification.id, type, link: notification.link, count: notification.groupCount },
        content: renderNotification(type, notification.data, recipient.locale, notification.groupCount),
      });
      return {
        changes:
          outcome.status === 'sent'
            ? { status: 'sent', sentAt: now, attempts, lastError: null, dueAt: now }
            : { status: 'skipped', skipReason: outcome.reason, attempts, dueAt: now },
      };
    } catch (error) {
      const lastError = String((error as Error)?.message ?? error).slice(0, 1000);
      if (attempts >= MAX_ATTEMPTS) return { changes: { status: 'failed', attempts, lastError, dueAt: now } };
      const again = new Date(now.getTime() + RETRY_BASE_MS * 2 ** (attempts - 1));
      return { changes: { attempts, lastError, dueAt: again }, again };
    }
  }

  /** Sends the jobs of the deliveries still pending well after they fell due; how many. */
  async sendOverdue(): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - OVERDUE_AFTER_MS);
    const ids = await deliveriesRepo.overdue(this.deps.db, before, SWEEP_BATCH);
    await this.deps.jobs.sendMany(deliverNotification, deliveryJobs(ids.map((id) => ({ id }))));
    return ids.length;
  }
}
