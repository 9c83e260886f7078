import { uuidv7 } from '../../../common/ids.ts';
import type { PushSubscriptionInput } from '../../../common/notifications.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { PushKeys } from './push.keys.ts';
import { pushRepo } from './push.repo.ts';

/**
 * Browsers a user keeps subscribed: each notification is pushed to every one of them, so a user cannot make the
 * server post to an unbounded list of addresses.
 */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 10;

export type PushSubscriptionsDeps = Pick<Platform, 'db' | 'clock'> & {
  keys: PushKeys;
  /** Hosts or parent domains of the accepted push services; ['*']: any. */
  serviceHosts: string[];
};

export const pushServiceAllowed = (endpoint: string, hosts: string[]): boolean => {
  const host = new URL(endpoint).hostname.toLowerCase();
  return hosts.some((allowed) => allowed === '*' || host === allowed || host.endsWith(`.${allowed}`));
};

/** The browsers (push subscriptions) each user receives notifications on. */
export class PushSubscriptionsService extends Service<PushSubscriptionsDeps> {
  /** The public key browsers subscribe with (their `applicationServerKey`). */
  async config(): Promise<{ publicKey: string }> {
    const { publicKey } = await this.deps.keys.get();
    return { publicKey };
  }

  /**
   * Records the browser's subscription for this user. An endpoint is one browser profile: subscribed again by
   * whoever signs in there now, it moves to them, so the previous user's notifications stop reaching that screen.
   */
  async subscribe(user: AuthUser, input: PushSubscriptionInput, userAgent: string): Promise<void> {
    const { db, clock, serviceHosts } = this.deps;
    // The server will post to this address: only to a real push service, never to an internal host.
    if (!pushServiceAllowed(input.endpoint, serviceHosts)) {
      throw new AppError(400, 'PUSH_SERVICE_NOT_ALLOWED', 'Service de notifications push non accepté');
    }
    const at = clock.now();
    await db.transaction().execute(async (trx) => {
      await pushRepo.upsert(trx, {
        id: uuidv7(at.getTime()),
        userId: user.id,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        userAgent: userAgent.slice(0, 512),
        at,
      });
      await pushRepo.trimUser(trx, user.id, MAX_PUSH_SUBSCRIPTIONS_PER_USER);
    });
  }

  async unsubscribe(user: AuthUser, endpoint: string): Promise<void> {
    if (!(await pushRepo.deleteForUser(this.deps.db, user.id, endpoint))) {
      throw new AppError(404, 'PUSH_SUBSCRIPTION_NOT_FOUND', 'Abonnement push introuvable');
    }
  }
}
