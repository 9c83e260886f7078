import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../common/users.ts';
import { AppError } from './errors.ts';

/** `sid`: the session (refresh family) the token was issued for, so that ending a session can find its sockets. */
export type AccessClaims = { sub: string; role: Role; sid: string | null };

/** Verified access tokens remembered, most recent last: a client sends the same token on every request. */
const VERIFIED_TOKENS_KEPT = 10_000;

export class TokenService {
  private readonly key: Uint8Array;
  private readonly rotationKey: Buffer;
  private readonly pageKey: Buffer;
  private readonly ttlSeconds: number;
  /** Token → its claims and expiry (seconds): a signature is checked once, the expiry on every use. */
  private readonly verified = new Map<string, { claims: AccessClaims; exp: number }>();
  constructor(secret: string, ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
    this.rotationKey = createHmac('sha256', secret).update('refresh-rotation').digest();
    this.pageKey = createHmac('sha256', secret).update('page-session').digest();
    this.ttlSeconds = ttlSeconds;
  }

  /**
   * The refresh token that replaces `token` on rotation. Derived (keyed by the server's secret) rather than random,
   * so that the same token presented again within the grace window (a second tab) can be given the same successor
   * without the database keeping any token in a usable form.
   */
  refreshSuccessor(token: string): { token: string; hash: string } {
    const successor = createHmac('sha256', this.rotationKey).update(token).digest('base64url');
    return { token: successor, hash: hashOpaqueToken(successor) };
  }

  /**
   * The credential a browser sends with its page loads (not with API calls): it names the session (refresh family)
   * and is signed by the server, so that the server can render a signed-in visitor's page without the refresh token,
   * which only the renewal route receives. It renews nothing: the session's state is checked on each use.
   */
  signPageSession(familyId: string): string {
    return `${familyId}.${this.pageSignature(familyId).toString('base64url')}`;
  }

  /** The session a page credential names, or null when it was not signed by this server. */
  verifyPageSession(credential: string): string | null {
    const dot = credential.lastIndexOf('.');
    if (dot <= 0) return null;
    const familyId = credential.slice(0, dot);
    const given = Buffer.from(credential.slice(dot + 1), 'base64url');
    const expected = this.pageSignature(familyId);
    return given.length === expected.length && timingSafeEqual(given, expected) ? familyId : null;
  }

  private pageSignature(familyId: string): Buffer {
    return createHmac('sha256', this.pageKey).update(familyId).digest();
  }

  signAccess(claims: Omit<AccessClaims, 'sid'> & { sid?: string | null }, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT(claims.sid ? { role: claims.role, sid: claims.sid } : { role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .setIssuer('financialtracker')
      .sign(this.key);
  }

  async verifyAccess(token: string, now: Date): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (now.getTime() / 1000 >= known.exp) {
        this.verified.delete(token);
        throw expired();
      }
      return known.claims;
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: 'financialtracker',
        algorithms: ['HS256'],
        currentDate: now,
        requiredClaims: ['exp'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw new Error('no subject');
      const claims = {
        sub: payload.sub,
        role: payload.role as Role,
        sid: typeof payload.sid === 'string' ? payload.sid : null,
      };
      this.verified.set(token, { claims, exp: payload.exp });
      if (this.verified.size > VERIFIED_TOKENS_KEPT) {
        const oldest = this.verified.keys().next().value;
        if (oldest !== undefined) this.verified.delete(oldest);
      }
      return claims;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw expired();
      throw new AppError(401, 'UNAUTHENTICATED', 'Jeton d’accès invalide');
    }
  }
}

const expired = () => new AppError(401, 'TOKEN_EXPIRED', 'Session expirée, veuillez vous reconnecter');

/** Refresh tokens are random; only their SHA-256 is stored. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

export const hashOpaqueToken = (token: string) => createHash('sha256').update(token).digest('base64url');
