import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';

/**
 * What a link grants: one object's bytes (a document version, an export's file: `purpose` tells them apart), shown
 * inline or downloaded, on behalf of whoever made it, until expiry.
 */
export type LinkGrant = {
  objectId: string;
  /** The user who made the link: the access log names them for every use of it. */
  userId: string;
  inline: boolean;
  expiresAt: Date;
};

const UUID_BYTES = 16;
const PAYLOAD_BYTES = 2 * UUID_BYTES + 4 + 1;
const MAC_BYTES = 32;

const uuidToBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const bytesToUuid = (b: Buffer) => {
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * A link is a bearer capability: anyone holding it gets the bytes until it expires, without a session (an `<img>` or
 * an `<iframe>` cannot send the bearer token). The token is base64url(version id, user id, expiry in seconds, inline
 * flag, HMAC-SHA256 of those), the MAC keyed by a key of its own derived from the JWT secret. Any token that is
 * malformed, forged or past its expiry is refused the same way: 403 DOCUMENT_LINK_INVALID, so a caller learns
 * nothing about which.
 */
export class SignedLinks {
  private readonly key: Buffer;

  /** `purpose` keys links of one kind apart from others ('document-links', 'export-links'). */
  constructor(secret: string, purpose = 'document-links') {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'financialtracker', purpose, 32));
  }

  /** A token for this grant, valid `ttlSeconds` from `now` (to the second: the expiry it returns is exact). */
  issue(grant: Omit<LinkGrant, 'expiresAt'>, now: Date, ttlSeconds: number) {
    const expirySeconds = Math.floor(now.getTime() / 1000) + ttlSeconds;
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    uuidToBytes(grant.objectId).copy(payload, 0);
    uuidToBytes(grant.userId).copy(payload, UUID_BYTES);
    payload.writeUInt32BE(expirySeconds, 2 * UUID_BYTES);
    payload.writeUInt8(grant.inline ? 1 : 0, 2 * UUID_BYTES + 4);
    const token = Buffer.concat([payload, this.mac(payload)]).toString('base64url');
    return { token, expiresAt: new Date(expirySeconds * 1000) };
  }

  /** The grant of a genuine token still valid at `now`. */
  verify(token: string, now: Date): LinkGrant {
    const raw = /^[\w-]+$/.test(token) ? Buffer.from(token, 'base64url') : Buffer.alloc(0);
    if (raw.length !== PAYLOAD_BYTES + MAC_BYTES) throw invalidLink();
    const payload = raw.subarray(0, PAYLOAD_BYTES);
    if (!timingSafeEqual(raw.subarray(PAYLOAD_BYTES), this.mac(payload))) throw invalidLink();
    const expiresAt = new Date(payload.readUInt32BE(2 * UUID_BYTES) * 1000);
    if (now >= expiresAt) throw invalidLink();
    return {
      objectId: bytesToUuid(payload.subarray(0, UUID_BYTES)),
      userId: bytesToUuid(payload.subarray(UUID_BYTES, 2 * UUID_BYTES)),
      inline: payload.readUInt8(2 * UUID_BYTES + 4) === 1,
      expiresAt,
    };
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}

export const invalidLink = () =>
  new AppError(403, 'DOCUMENT_LINK_INVALID', 'Lien de téléchargement invalide ou expiré');
