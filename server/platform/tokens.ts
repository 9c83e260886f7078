import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../common/users.ts';
import { AppError } from './errors.ts';

export type AccessClaims = { sub: string; role: Role };

export class TokenService {
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;
  constructor(secret: string, ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
    this.ttlSeconds = ttlSeconds;
  }

  signAccess(claims: AccessClaims, now: Date): Promise<string> {
    const iat = Math.floor(now.getTime() / 1000);
    return new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .setIssuer('financialtracker')
      .sign(this.key);
  }

  async verifyAccess(token: string, now: Date): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: 'financialtracker',
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (typeof payload.sub !== 'string') throw new Error('no subject');
      return { sub: payload.sub, role: payload.role as Role };
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new AppError(401, 'TOKEN_EXPIRED', 'Session expirée, veuillez vous reconnecter');
      }
      throw new AppError(401, 'UNAUTHENTICATED', 'Jeton d’accès invalide');
    }
  }
}

/** Refresh tokens are random; only their SHA-256 is stored. */
export function newOpaqueToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOpaqueToken(token) };
}

export const hashOpaqueToken = (token: string) => createHash('sha256').update(token).digest('base64url');
