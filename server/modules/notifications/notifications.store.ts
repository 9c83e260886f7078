import { uuidv7 } from '../../../common/ids.ts';
import { channelEnabled, type NotificationType, ruleOf } from '../../../common/notifications.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { UsersService } from '../users/users.service.ts';
import { deliveryChannels } from './channel.ts';
import { dueAt, reachable } from './deliveries.rules.ts';
import { notificationsRepo, type WrittenEvent } from './notifications.repo.ts';
import { settingsOf } from './preferences.ts';
import { type Locale, searchTextOf } from './templates.ts';

/** One event to tell some people about (see docs/architecture.md, "Notifications"). */
export type NotifyRequest = {
  /** User ids; unknown ids, and accounts the type may not reach (suspended…), are left out. */
  recipients: string[];
  type: NotificationType;
  /** The template's parameters (`NotificationData[type]`, plain JSON). */
  data: Record<string, unknown>;
  /** Path of the object in the web app: the deep link of every channel. */
  link: string;
  /** Unique per event, e.g. `dossier.status_changed:${dossierId}:${at.toISOString()}`: each recipient gets it once. */
  eventKey: string;
  /** Grouped types only, e.g. `conversation:${id}`: the events of a group count up one unread notification. */
  groupKey?: string;
  announcementId?: string;
};

/**
 * What an event's notifying stored: each recipient's notification (new or counted up) with their unread count once
 * it is stored (null: in-app turned off for the type), its deliveries.
 */
export type Stored = WrittenEvent & { people: Map<string, { locale: Locale }> };

export type NotificationStoreDeps = Pick<Platform, 'db'> & {
  users: UsersService;
  /** How long the e-mail of a grouped type (a new message) waits, so that one read in the app is not e-mailed. */
  groupedEmailDelayMs: number;
};

/**
 * The write of `notify`: each recipient's notification, the event's mark and the e-mail and push deliveries the
 * recipient's preferences allow, in one transaction of four statements whatever the number of recipients (the lock,
 * two reads, one write). The event's key is locked first, so a repeated or concurrent notify of one event stores
 * nothing twice.
 */
export class NotificationStore extends Service<NotificationStoreDeps> {
  /** Stores the event's notifications as of `at`; null when no recipient is left to tell. */
  async store(request: NotifyRequest, at: Date): Promise<Stored | null> {
    const recipientIds = [...new Set(request.recipients)];
    if (recipientIds.length === 0) return null;
    return this.deps.db.transaction().execute(async (trx) => {
      const { type, eventKey } = request;
      await notificationsRepo.lockEvent(trx, eventKey);
      const states = new Map(
        (await notificationsRepo.recipientStates(trx, eventKey, recipientIds)).map((s) => [s.userId, s]),
      );
      const people = (
        await this.deps.users.contacts(
          recipientIds.filter((id) => !states.get(id)?.reached),
          trx,
        )
      ).filter((p) => reachable(type, p.status));
      if (people.length === 0) return null;
      const settingsOfUser = (id: string) => settingsOf(states.get(id)?.settings);
      const written = await notificationsRepo.writeEvent(trx, {
        eventKey,
        type,
        groupKey: ruleOf(type).grouped ? (request.groupKey ?? null) : null,
        data: request.data,
        link: request.link,
        searchText: searchTextOf(type, request.data),
        announcementId: request.announcementId ?? null,
        at,
        recipients: people.map((p) => ({
          id: p.id,
          notificationId: uuidv7(at.getTime()),
          inApp: channelEnabled(settingsOfUser(p.id).channels, type, 'in_app'),
        })),
        deliveries: people.flatMap((p) => {
          const recipient = { settings: settingsOfUser(p.id), timeZone: p.timeZone };
          // A push delivery for someone with no subscribed browser would only be skipped: none is made (nor its job).
          return deliveryChannels
            .filter((channel) => channel !== 'push' || states.get(p.id)?.pushable)
            .filter((channel) => channelEnabled(recipient.settings.channels, type, channel))
            .map((channel) => ({
              id: uuidv7(at.getTime()),
              recipientId: p.id,
              channel,
              dueAt: dueAt(type, channel, at, recipient, this.deps.groupedEmailDelayMs),
            }));
        }),
      });
      return { ...written, people: new Map(people.map((p) => [p.id, p])) };
    });
  }
}
