import { createECDH } from 'node:crypto';
import webpush from 'web-push';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { pushRepo, type VapidKeys } from './push.repo.ts';

export type PushKeysDeps = Pick<Platform, 'db' | 'clock'> & {
  /** The pair from the environment (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY), when set. */
  configured: VapidKeys | undefined;
};

/**
 * The server's VAPID key pair (RFC 8292): the configured one, else the one kept in `app_secrets`, else a pair made
 * now and kept there. Every instance must sign with the same pair (browsers subscribed with its public key), so a
 * new pair is only inserted if none exists, then read back: of two instances starting together, both use the first
 * pair stored.
 */
export class PushKeys extends Service<PushKeysDeps> {
  private loading: Promise<VapidKeys> | undefined;

  /** The pair, loaded once; a failed load is tried again by the next call. */
  get(): Promise<VapidKeys> {
    this.loading ??= this.load().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async load(): Promise<VapidKeys> {
    const { db, clock, configured } = this.deps;
    if (configured) return usable(configured, 'VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY');
    const stored = await pushRepo.findVapidKeys(db);
    if (stored) return usable(stored, 'app_secrets');
    await pushRepo.insertVapidKeys(db, webpush.generateVAPIDKeys(), clock.now());
    return usable(await pushRepo.findVapidKeys(db), 'app_secrets');
  }
}

/** The pair, if its private key is a P-256 key whose public key is the one given. */
function usable(keys: unknown, source: string): VapidKeys {
  const { publicKey, privateKey } = (keys ?? {}) as Partial<VapidKeys>;
  if (typeof publicKey === 'string' && typeof privateKey === 'string') {
    try {
      const ecdh = createECDH('prime256v1');
      ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
      if (ecdh.getPublicKey().equals(Buffer.from(publicKey, 'base64url'))) return { publicKey, privateKey };
    } catch {
      // Not a P-256 private key: refused below.
    }
  }
  throw new AppError(503, 'PUSH_UNAVAILABLE', 'Les notifications push ne sont pas disponibles', undefined, {
    internal: `The VAPID key pair of ${source} is not a matching P-256 key pair`,
  });
}
