import { ruleOf } from '../../../common/notifications.ts';
import { renderEmailLayout } from '../../platform/mail-layout.ts';
import type { Mailer } from '../../platform/mailer.ts';
import { Service } from '../../platform/service.ts';
import type { ChannelDelivery, ChannelOutcome, DeliveryChannel } from './channel.ts';
import type { UnsubscribeLinks } from './unsubscribe.ts';

export type EmailChannelDeps = {
  mailer: Mailer;
  links: UnsubscribeLinks;
  /** Origin of the app (config.publicUrl): e-mails carry absolute links. */
  publicUrl: string;
};

const greetings = { fr: (name: string) => `Bonjour ${name},`, en: (name: string) => `Hello ${name},` };

/** Preferences page of the web app: every notification e-mail links to it. */
export const PREFERENCES_PATH = '/notifications/preferences';

/**
 * A notification by e-mail: its texts in the recipient's language in the common layout, a deep link to the object,
 * and (except for security notices, which cannot be turned off) a one-click unsubscribe link for its type (RFC 2369
 * and RFC 8058 headers). Queued once per delivery: the job's retries queue nothing twice.
 */
export class EmailChannel extends Service<EmailChannelDeps> implements DeliveryChannel {
  async deliver({ deliveryId, recipient, notification, content }: ChannelDelivery): Promise<ChannelOutcome> {
    const { mailer, links, publicUrl } = this.deps;
    const unsubscribeUrl = ruleOf(notification.type).locked
      ? undefined
      : `${publicUrl}/api/notifications/unsubscribe?token=${links.token(recipient.id, notification.type)}`;
    const { html, text } = renderEmailLayout({
      locale: recipient.locale,
      title: content.title,
      paragraphs: [greetings[recipient.locale](recipient.firstName), content.body],
      action: { label: content.action, url: `${publicUrl}${notification.link}` },
      footerLinks: { preferencesUrl: `${publicUrl}${PREFERENCES_PATH}`, unsubscribeUrl },
    });
    await mailer.queue({
      idempotencyKey: `delivery:${deliveryId}`,
      userId: recipient.id,
      to: recipient.email,
      kind: notification.type,
      locale: recipient.locale,
      subject: content.title,
      html,
      text,
      headers: unsubscribeUrl
        ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : undefined,
    });
    return { status: 'sent' };
  }
}
