import { ruleOf } from '../../../common/notification-catalogue.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import type { MessagesService } from '../messaging/messages.service.ts';
import type { NotificationsService } from './notifications.service.ts';
import { notice } from './templates.ts';

const roles: readonly string[] = ruleOf('message.new').roles;

/** How long new messages gather before they are looked at together. */
export const MESSAGE_NOTICE_WINDOW_MS = 200;

export type MessageNoticeDeps = {
  messages: Pick<MessagesService, 'notices'>;
  /** Who is connected right now: a new message notifies only the others. */
  presence: Pick<RealtimeHub, 'onlineAmong'>;
  notifications: Pick<NotificationsService, 'notify'>;
  log: (error: unknown, context: string) => void;
};

/**
 * New messages become the notifications of the participants who are away: someone connected sees the message
 * arrive and the conversation's unread badge, the notification (its e-mail, its push) is for the others. A message
 * is stored in one statement and a busy platform sends hundreds a second: reading who to tell message by message
 * would triple the database's work, so the messages of a short window are read together, in two queries.
 * Returns what to call with each new message's id; it resolves once that message's window is dealt with, so that a
 * shutdown waiting for the event's subscribers waits for it too.
 */
export function messageNotices(deps: MessageNoticeDeps, windowMs = MESSAGE_NOTICE_WINDOW_MS) {
  /** The window under way: its messages, and its end; null when none is. */
  let window: { messageIds: string[]; done: Promise<void> } | null = null;

  const flush = async (messageIds: string[]) => {
    const notices = (await deps.messages.notices(messageIds)).map((n) => ({
      ...n,
      recipientIds: n.recipients.filter((r) => roles.includes(r.role)).map((r) => r.id),
    }));
    const recipients = [...new Set(notices.flatMap((n) => n.recipientIds))];
    if (recipients.length === 0) return;
    const online = await deps.presence.onlineAmong(recipients).catch(() => new Set<string>());
    for (const message of notices) {
      const away = message.recipientIds.filter((id) => !online.has(id));
      if (away.length === 0) continue;
      await deps.notifications.notify({
        recipients: away,
        ...notice('message.new', {
          conversationId: message.conversationId,
          senderName: message.senderName,
          excerpt: message.excerpt,
        }),
        link: `/messages/${message.conversationId}`,
        eventKey: `message.created:${message.messageId}`,
        groupKey: `conversation:${message.conversationId}`,
      });
    }
  };

  return (messageId: string): Promise<void> => {
    if (window) {
      window.messageIds.push(messageId);
      return window.done;
    }
    const messageIds = [messageId];
    const done = new Promise((resolve) => setTimeout(resolve, windowMs))
      .then(() => {
        window = null;
        return flush(messageIds);
      })
      .catch((error) => deps.log(error, 'message.created'));
    window = { messageIds, done };
    return done;
  };
}
