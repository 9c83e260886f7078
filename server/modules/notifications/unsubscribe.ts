import { createHmac, timingSafeEqual } from 'node:crypto';
import { type NotificationType, notificationTypes, ruleOf } from '../../../common/notifications.ts';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { emailRepo } from './email.repo.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The one-click unsubscribe links of notification e-mails (RFC 8058): `base64url(userId:type).signature`, the
 * signature an HMAC-SHA256 under a key derived from the server's secret. They do not expire: an e-mail's link keeps
 * working, and all it can do is turn that type's e-mails off for that user.
 */
export class UnsubscribeLinks {
  private readonly key: Buffer;
  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('notifications-unsubscribe').digest();
  }

  token(userId: string, type: NotificationType): string {
    const payload = Buffer.from(`${userId}:${type}`).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The user and type of a genuine token; undefined for anything else. */
  read(token: string): { userId: string; type: NotificationType } | undefined {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const [userId, type] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
    if (!userId || !UUID.test(userId) || !notificationTypes.includes(type as NotificationType))
      return undefined;
    return { userId, type: type as NotificationType };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

export type UnsubscribeDeps = Pick<Platform, 'db' | 'clock'> & { links: UnsubscribeLinks };

const invalidLink = () =>
  new AppError(400, 'UNSUBSCRIBE_LINK_INVALID', 'Ce lien de désabonnement n’est pas valide');

export class UnsubscribeService extends Service<UnsubscribeDeps> {
  /** Turns the e-mails of the link's type off for its user (again: no change); returns the type. */
  async unsubscribe(token: string): Promise<NotificationType> {
    const target = this.deps.links.read(token);
    // Security notices cannot be turned off: their e-mails carry no such link.
    if (!target || ruleOf(target.type).locked) throw invalidLink();
    await emailRepo
      .disableEmail(this.deps.db, target.userId, target.type, this.deps.clock.now())
      .catch((error: unknown) => {
        // The account is gone (foreign key): nothing to unsubscribe.
        if ((error as { code?: string }).code === '23503') throw invalidLink();
        throw error;
      });
    return target.type;
  }
}
