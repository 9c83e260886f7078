import type { NotificationType } from '../../../common/notifications.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { UsersService } from '../users/users.service.ts';
import type { DeliveryChannel, DeliveryChannelName } from './channel.ts';
import { deliveriesRepo } from './deliveries.repo.ts';
import { heldUntil, skipReason } from './deliveries.rules.ts';
import { deliverNotification } from './notifications.jobs.ts';
import { settingsOf } from './preferences.ts';
import { renderNotification } from './templates.ts';

/** How long one run holds its delivery: longer than any channel call; a run that crashed frees it after that. */
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

/** The e-mails and pushes of notifications: each sent once, when due, if the recipient still wants it. */
export class DeliveriesService extends Service<DeliveriesDeps> {
  /** One run of a delivery: sent, skipped (and why), held to later, or retried later after a failure. */
  async deliver(deliveryId: string): Promise<void> {
    const { db, clock, users, channels } = this.deps;
    const now = clock.now();
    const delivery = await deliveriesRepo.claim(db, deliveryId, now, new Date(now.getTime() + LEASE_MS));
    // Done already, taken by another run, or not due yet (its own job or the sweep comes back for it).
    if (!delivery) return;
    const { notification } = delivery;
    const type = notification.type as NotificationType;
    const [recipient] = await users.contacts([delivery.recipientId]);
    // Deleted meanwhile: the delivery goes with the account.
    if (!recipient) return;
    const settings = settingsOf(delivery.settings);
    const reason = skipReason({
      type,
      channel: delivery.channel,
      notificationRead: notification.readAt !== null,
      superseded: Boolean(notification.superseded),
      recipientStatus: recipient.status,
      settings,
    });
    if (reason) {
      await deliveriesRepo.finish(db, deliveryId, { status: 'skipped', skipReason: reason, dueAt: now });
      return;
    }
    const held = heldUntil(type, now, { settings, timeZone: recipient.timeZone });
    if (held) {
      await this.later(deliveryId, held, {});
      return;
    }
    const attempts = delivery.attempts + 1;
    try {
      const outcome = await channels[delivery.channel].deliver({
        deliveryId,
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
      const at = clock.now();
      await deliveriesRepo.finish(
        db,
        deliveryId,
        outcome.status === 'sent'
          ? { status: 'sent', sentAt: at, attempts, lastError: null, dueAt: now }
          : { status: 'skipped', skipReason: outcome.reason, attempts, dueAt: now },
      );
    } catch (error) {
      const lastError = String((error as Error)?.message ?? error).slice(0, 1000);
      if (attempts >= MAX_ATTEMPTS) {
        await deliveriesRepo.finish(db, deliveryId, { status: 'failed', attempts, lastError, dueAt: now });
        return;
      }
      await this.later(deliveryId, new Date(now.getTime() + RETRY_BASE_MS * 2 ** (attempts - 1)), {
        attempts,
        lastError,
      });
    }
  }

  /** Puts a delivery back to wait until `dueAt`, with its job sent for then. */
  private async later(deliveryId: string, dueAt: Date, changes: { attempts?: number; lastError?: string }) {
    await deliveriesRepo.finish(this.deps.db, deliveryId, { ...changes, dueAt });
    await this.deps.jobs.sendMany(deliverNotification, [{ payload: { deliveryId }, startAfter: dueAt }]);
  }

  /** Sends the jobs of the deliveries still pending well after they fell due; how many. */
  async sendOverdue(): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - OVERDUE_AFTER_MS);
    const ids = await deliveriesRepo.overdue(this.deps.db, before, SWEEP_BATCH);
    await this.deps.jobs.sendMany(
      deliverNotification,
      ids.map((deliveryId) => ({ payload: { deliveryId } })),
    );
    return ids.length;
  }
}
