import {
  type Notification,
  type NotificationListQuery,
  type NotificationType,
  notificationTypes,
  ruleOf,
  type UnreadNotifications,
} from '../../../common/notifications.ts';
import type { Page } from '../../../common/pagination.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { UsersService } from '../users/users.service.ts';
import { deliverNotification, deliveryJobs } from './notifications.jobs.ts';
import { toNotification } from './notifications.presenter.ts';
import type { NotificationsRealtime } from './notifications.realtime.ts';
import { type NotificationRow, notificationsRepo } from './notifications.repo.ts';
import type { NotificationStore, NotifyRequest, Stored } from './notifications.store.ts';
import type { Locale } from './templates.ts';

export type { NotifyRequest } from './notifications.store.ts';

export type NotificationsDeps = Pick<Platform, 'db' | 'clock' | 'jobs'> & {
  users: UsersService;
  store: NotificationStore;
  realtime: NotificationsRealtime;
  /** Failures after the commit (sockets, job sends): logged; the sweep sends the jobs later. */
  log: (error: unknown, context: string) => void;
};

const notFound = () => new AppError(404, 'NOTIFICATION_NOT_FOUND', 'Notification introuvable');

/**
 * The one way the platform tells someone something: `notify` stores each recipient's notification and its e-mail
 * and push deliveries once per event, then shows it live and queues the deliveries. And each user's notification
 * centre: list, unread count, read, unread, archive, read all.
 */
export class NotificationsService extends Service<NotificationsDeps> {
  async notify(request: NotifyRequest): Promise<{ created: number }> {
    const stored = await this.deps.store.store(request, this.deps.clock.now());
    if (!stored) return { created: 0 };
    await this.announce(stored);
    return { created: stored.notifications.length };
  }

  /** After the commit: the new notifications on their recipients' sockets, the deliveries' jobs for when due. */
  private async announce({ notifications, people, deliveries }: Stored): Promise<void> {
    try {
      for (const { unread, ...n } of notifications) {
        if (unread === null) continue;
        this.deps.realtime.created(n.recipientId, {
          notification: toNotification(n, people.get(n.recipientId)!.locale),
          unread,
        });
      }
    } catch (error) {
      this.deps.log(error, 'notification:new');
    }
    try {
      await this.deps.jobs.sendMany(deliverNotification, deliveryJobs(deliveries));
    } catch (error) {
      this.deps.log(error, 'notifications.deliver');
    }
  }

  // ---- the centre: always the caller's own notifications (another user's answers 404)

  async list(user: AuthUser, query: NotificationListQuery): Promise<Page<Notification>> {
    const types = typesOf(query);
    if (types?.length === 0) return { items: [], nextCursor: null };
    const after = query.cursor ? decodeCursor(query.cursor, cursorKeys.timeAndId) : undefined;
    const rows = await notificationsRepo.list(this.deps.db, {
      recipientId: user.id,
      view: query.view,
      types,
      q: query.q,
      after: after && { updatedAt: after[0], id: after[1] },
      limit: query.limit,
    });
    const locale = await this.localeOf(user.id);
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [
      last.updatedAt.toISOString(),
      last.id,
    ]);
    return { items: items.map((row) => toNotification(row, locale)), nextCursor };
  }

  async unread(user: AuthUser): Promise<UnreadNotifications> {
    return { unread: await this.unreadOf(user.id) };
  }

  async markRead(user: AuthUser, id: string): Promise<Notification> {
    const row = await this.require(user, id);
    if (row.readAt) return toNotification(row, await this.localeOf(user.id));
    const updated = await notificationsRepo.update(this.deps.db, user.id, id, {
      readAt: this.deps.clock.now(),
    });
    if (!updated) throw notFound();
    this.deps.realtime.read(user.id, { ids: [id], unread: await this.unreadOf(user.id) });
    return toNotification(updated, await this.localeOf(user.id));
  }

  async markUnread(user: AuthUser, id: string): Promise<Notification> {
    await this.require(user, id);
    const changed = await notificationsRepo.markUnread(this.deps.db, user.id, id);
    return this.current(user, id, changed);
  }

  async archive(user: AuthUser, id: string): Promise<Notification> {
    const row = await this.require(user, id);
    if (row.archivedAt) return toNotification(row, await this.localeOf(user.id));
    await notificationsRepo.update(this.deps.db, user.id, id, { archivedAt: this.deps.clock.now() });
    return this.current(user, id, true);
  }

  async unarchive(user: AuthUser, id: string): Promise<Notification> {
    const row = await this.require(user, id);
    if (!row.archivedAt) return toNotification(row, await this.localeOf(user.id));
    await notificationsRepo.update(this.deps.db, user.id, id, { archivedAt: null });
    return this.current(user, id, true);
  }

  /** Marks read everything up to `before` (what the user saw; by default now): a newer one stays unread. */
  async markAllRead(user: AuthUser, before?: string): Promise<UnreadNotifications> {
    const now = this.deps.clock.now();
    await notificationsRepo.markAllRead(this.deps.db, user.id, now, before ? new Date(before) : now);
    const unread = await this.unreadOf(user.id);
    this.deps.realtime.read(user.id, { ids: 'all', unread });
    return { unread };
  }

  /** A group read elsewhere (a conversation opened): its unread notification, if no newer than `before`, is read. */
  async markGroupRead(userId: string, groupKey: string, before: Date): Promise<void> {
    const read = await notificationsRepo.markGroupRead(
      this.deps.db,
      userId,
      groupKey,
      this.deps.clock.now(),
      before,
    );
    if (read?.inApp) this.deps.realtime.read(userId, { ids: [read.id], unread: await this.unreadOf(userId) });
  }

  private async require(user: AuthUser, id: string): Promise<NotificationRow> {
    const row = await notificationsRepo.find(this.deps.db, user.id, id);
    if (!row) throw notFound();
    return row;
  }

  /** The notification as it now is; when it changed, the user's other tabs hear it. */
  private async current(user: AuthUser, id: string, changed: boolean): Promise<Notification> {
    const notification = toNotification(await this.require(user, id), await this.localeOf(user.id));
    if (changed) this.deps.realtime.updated(user.id, { notification, unread: await this.unreadOf(user.id) });
    return notification;
  }

  private async unreadOf(userId: string): Promise<number> {
    return (await notificationsRepo.unreadCounts(this.deps.db, [userId])).get(userId) ?? 0;
  }

  private async localeOf(userId: string): Promise<Locale> {
    return (await this.deps.users.contacts([userId]))[0]?.locale ?? 'fr';
  }
}

/** The types a list keeps: those asked for, within the category asked for; undefined: every type. */
function typesOf(query: NotificationListQuery): NotificationType[] | undefined {
  if (!query.types && !query.category) return undefined;
  return (query.types ?? notificationTypes).filter(
    (type) => !query.category || ruleOf(type).category === query.category,
  );
}
