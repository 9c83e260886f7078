import type { NotificationType } from '../../../common/notifications.ts';
import type { RenderedNotification } from './templates.ts';

/** The channels a notification goes out on besides the app itself, each a `notification_deliveries` row. */
export const deliveryChannels = ['email', 'push'] as const;
export type DeliveryChannelName = (typeof deliveryChannels)[number];

/** One delivery as a channel receives it: the recipient, the notification, its texts in the recipient's language. */
export type ChannelDelivery = {
  deliveryId: string;
  eventKey: string;
  recipient: { id: string; email: string; firstName: string; locale: 'fr' | 'en' };
  notification: { id: string; type: NotificationType; link: string; count: number };
  content: RenderedNotification;
};

export type ChannelOutcome = { status: 'sent' } | { status: 'skipped'; reason: string };

/** A way out of the platform (e-mail, Web Push), called by the `notifications.deliver` job. */
export interface DeliveryChannel {
  /** Sends one delivery. Return {status:'sent'} or {status:'skipped', reason}; throw on a transient failure (retried). */
  deliver(input: ChannelDelivery): Promise<ChannelOutcome>;
}
