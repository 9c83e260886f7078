import type { AuthResult, LoginInput, RegisterInput } from '../../../common/users.ts';
import type { Db, Executor } from '../../db/pool.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { LoginThrottle } from '../../platform/login-throttle.ts';
import { decoyHash, hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { hashOpaqueToken, newOpaqueToken, type TokenService } from '../../platform/tokens.ts';
import { usersRepo } from '../users/users.repo.ts';
import type { UsersService } from '../users/users.service.ts';
import { refreshTokensRepo } from './auth.repo.ts';

export type Session = AuthResult & { refreshToken: string; refreshExpiresAt: Date };

type Deps = {
  db: Db;
  clock: Clock;
  tokens: TokenService;
  users: UsersService;
  throttle: LoginThrottle;
  refreshTtlDays: number;
};

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'E-mail ou mot de passe incorrect');
const invalidRefresh = () =>
  new AppError(401, 'UNAUTHENTICATED', 'Session expirée, veuillez vous reconnecter');

export class AuthService {
  private readonly deps: Deps;
  constructor(deps: Deps) {
    this.deps = deps;
  }

  async register(input: RegisterInput): Promise<Session> {
    const { db, clock } = this.deps;
    const at = clock.now();
    const passwordHash = await hashPassword(input.password);
    const userId = uuidv7(at.getTime());
    await db
      .transaction()
      .execute(async (trx) => {
        if (await usersRepo.emailExists(trx, input.email)) {
          throw conflict('EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse e-mail');
        }
        let companyId: string | null = null;
        if (input.role === 'client') {
          if (await usersRepo.sirenExists(trx, input.company.siren)) {
            throw conflict(
              'SIREN_TAKEN',
              'Cette entreprise est déjà inscrite : demandez une invitation à son administrateur',
            );
          }
          companyId = uuidv7(at.getTime());
          await usersRepo.insertCompany(trx, { id: companyId, ...input.company, createdAt: at });
        }
        await usersRepo.insertUser(trx, {
          id: userId,
          email: input.email,
          passwordHash,
          role: input.role,
          // Experts work only once an admin has vetted them.
          status: input.role === 'expert' ? 'pending' : 'active',
          statusReason: null,
          firstName: input.firstName,
          lastName: input.lastName,
          companyId,
          createdAt: at,
          updatedAt: at,
        });
        if (input.role === 'expert') {
          await usersRepo.insertExpertProfile(trx, { userId, ...input.expert, createdAt: at, updatedAt: at });
        }
        await recordAudit(trx, {
          actorId: userId,
          action: 'user.registered',
          entityType: 'user',
          entityId: userId,
          after: { email: input.email, role: input.role, companyId },
          at,
        });
      })
      .catch((error: unknown) => {
        // Two registrations racing past the checks: the unique indexes decide.
        if ((error as { code?: string }).code === '23505') {
          const detail = String((error as { constraint?: string }).constraint ?? '');
          throw detail.includes('siren')
            ? conflict('SIREN_TAKEN', 'Cette entreprise est déjà inscrite')
            : conflict('EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse e-mail');
        }
        throw error;
      });
    return this.openSession(db, userId, uuidv7(at.getTime()));
  }

  async login(input: LoginInput): Promise<Session> {
    const { db, clock, throttle } = this.deps;
    const now = clock.now().getTime();
    const wait = throttle.waitMs(input.email, now);
    if (wait > 0) {
      throw new AppError(429, 'RATE_LIMITED', 'Trop de tentatives, réessayez dans quelques instants', {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
    const row = await usersRepo.findCredentialsByEmail(db, input.email);
    const ok = await verifyPassword(row?.passwordHash ?? (await decoyHash), input.password);
    if (!row || !ok) {
      throttle.recordFailure(input.email, now);
      throw invalidCredentials();
    }
    throttle.recordSuccess(input.email);
    if (row.status === 'suspended') throw new AppError(403, 'ACCOUNT_SUSPENDED', 'Ce compte est suspendu');
    return this.openSession(db, row.id, uuidv7(now));
  }

  /** Rotates the refresh token; presenting one already used revokes its whole family (it was stolen or replayed). */
  async refresh(refreshToken: string | undefined): Promise<Session> {
    if (!refreshToken) throw invalidRefresh();
    const { db, clock } = this.deps;
    const at = clock.now();
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await refreshTokensRepo.findByHashForUpdate(trx, hashOpaqueToken(refreshToken));
      if (!row || row.revokedAt || row.expiresAt <= at) return { ok: false as const };
      if (row.usedAt) {
        await refreshTokensRepo.revokeFamily(trx, row.familyId, at);
        await recordAudit(trx, {
          actorId: row.userId,
          action: 'auth.refresh_reuse_detected',
          entityType: 'user',
          entityId: row.userId,
          after: { familyId: row.familyId },
          at,
        });
        return { ok: false as const };
      }
      const user = await usersRepo.findCredentialsById(trx, row.userId);
      if (!user || user.status === 'suspended') return { ok: false as const };
      await refreshTokensRepo.markUsed(trx, row.id, at);
      return { ok: true as const, session: await this.openSession(trx, row.userId, row.familyId) };
    });
    if (!outcome.ok) throw invalidRefresh();
    return outcome.session;
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const { db, clock } = this.deps;
    await db.transaction().execute(async (trx) => {
      const row = await refreshTokensRepo.findByHashForUpdate(trx, hashOpaqueToken(refreshToken));
      if (row) await refreshTokensRepo.revokeFamily(trx, row.familyId, clock.now());
    });
  }

  async revokeAllSessions(db: Executor, userId: string, at: Date): Promise<void> {
    await refreshTokensRepo.revokeAllOfUser(db, userId, at);
  }

  private async openSession(db: Executor, userId: string, familyId: string): Promise<Session> {
    const { clock, tokens, users, refreshTtlDays } = this.deps;
    const at = clock.now();
    const { token, hash } = newOpaqueToken();
    const refreshExpiresAt = new Date(at.getTime() + refreshTtlDays * 86_400_000);
    await refreshTokensRepo.insert(db, {
      id: uuidv7(at.getTime()),
      userId,
      familyId,
      tokenHash: hash,
      expiresAt: refreshExpiresAt,
      createdAt: at,
    });
    const user = await users.get(userId);
    const accessToken = await tokens.signAccess({ sub: user.id, role: user.role }, at);
    return { user, accessToken, refreshToken: token, refreshExpiresAt };
  }
}
