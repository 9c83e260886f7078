import { uuidv7 } from '../../../common/ids.ts';
import type { AuthResult, LoginInput, RegisterInput, User } from '../../../common/users.ts';
import type { Executor } from '../../db/pool.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import type { LoginThrottle } from '../../platform/login-throttle.ts';
import { decoyHash, hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { hashOpaqueToken, newOpaqueToken, type TokenService } from '../../platform/tokens.ts';
import { requestToJoinCompany } from '../companies/companies.service.ts';
import { toUser } from '../users/users.presenter.ts';
import { usersRepo } from '../users/users.repo.ts';
import type { UsersService } from '../users/users.service.ts';
import { refreshTokensRepo, sessionDevicesRepo } from './auth.repo.ts';

/** `pageCredential`: what the browser's page loads carry, see `TokenService.signPageSession`. */
export type Session = AuthResult & { refreshToken: string; refreshExpiresAt: Date; pageCredential: string };

/** The browser (user agent) and address a session is opened from. */
export type SignInDevice = { userAgent: string; ip: string };

export type AuthDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  tokens: TokenService;
  users: UsersService;
  throttle: LoginThrottle;
  /** Sliding lifetime of a refresh token. */
  refreshTtlDays: number;
  /** Absolute lifetime of a session (refresh family). */
  refreshMaxAgeDays: number;
  /** How long a just-rotated refresh token still gets the session it was rotated into. */
  refreshReuseGraceSeconds: number;
};

const invalidCredentials = () => new AppError(401, 'INVALID_CREDENTIALS', 'E-mail ou mot de passe incorrect');
const invalidRefresh = () =>
  new AppError(401, 'UNAUTHENTICATED', 'Session expirée, veuillez vous reconnecter');

export class AuthService extends Service<AuthDeps> {
  /**
   * Creates the account and opens a session. A client whose company (SIREN) is registered already gets a pending
   * account with a request to join it, decided by an admin. The password is hashed before anything is looked up, so
   * a taken e-mail answers in the same time as a free one (registration is rate-limited per address and per e-mail).
   */
  async register(input: RegisterInput, device: SignInDevice): Promise<Session> {
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
        let joinCompanyId: string | undefined;
        if (input.role === 'client') {
          const newId = uuidv7(at.getTime());
          const created = await usersRepo.insertCompanyUnlessSirenTaken(trx, {
            id: newId,
            ...input.company,
            createdAt: at,
          });
          if (created) companyId = newId;
          else joinCompanyId = await usersRepo.findCompanyIdBySiren(trx, input.company.siren);
        }
        await usersRepo.insertUser(trx, {
          id: userId,
          email: input.email,
          passwordHash,
          role: input.role,
          // Experts work once an admin has vetted them; a client joining a known company once an admin let them in.
          status: input.role === 'expert' || joinCompanyId ? 'pending' : 'active',
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
        if (joinCompanyId) await requestToJoinCompany(trx, { userId, companyId: joinCompanyId, at });
        await recordAudit(trx, {
          actorId: userId,
          action: 'user.registered',
          entityType: 'user',
          entityId: userId,
          after: { email: input.email, role: input.role, companyId, joinCompanyId: joinCompanyId ?? null },
          at,
        });
      })
      .catch((error: unknown) => {
        // Two registrations of one e-mail racing past the check: the unique index decides.
        const { code, constraint } = error as { code?: string; constraint?: string };
        if (code === '23505' && constraint?.includes('email')) {
          throw conflict('EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse e-mail');
        }
        throw error;
      });
    const session = await this.openSession(db, userId, uuidv7(at.getTime()), device);
    this.deps.events.publish('user.registered', { userId, at });
    return session;
  }

  /** Opens a session; one from a browser and address this account never used is told to its owner. */
  async login(input: LoginInput, device: SignInDevice): Promise<Session> {
    const { db, clock, throttle } = this.deps;
    const now = clock.now().getTime();
    const wait = await throttle.attempt(input.email, now);
    if (wait > 0) {
      throw new AppError(
        429,
        'LOGIN_THROTTLED',
        'Trop de tentatives pour cette adresse, réessayez plus tard',
        {
          retryAfterSeconds: Math.ceil(wait / 1000),
        },
      );
    }
    const row = await usersRepo.findCredentialsByEmail(db, input.email);
    const ok = await verifyPassword(row?.passwordHash ?? (await decoyHash), input.password);
    if (!row || !ok) throw invalidCredentials();
    await throttle.succeeded(input.email);
    if (row.status === 'suspended') throw new AppError(403, 'ACCOUNT_SUSPENDED', 'Ce compte est suspendu');
    const from = deviceOf(device);
    const known = await sessionDevicesRepo.seen(db, row.id, from.userAgent, from.ip);
    const sessionId = uuidv7(now);
    const session = await this.openSession(db, row.id, sessionId, from);
    if (!known)
      this.deps.events.publish('auth.new_sign_in', { userId: row.id, sessionId, ...from, at: clock.now() });
    return session;
  }

  /**
   * Rotates the refresh token; presenting one already used revokes its whole family (it was stolen or replayed),
   * except within the grace window after its rotation, where it gets the same new session (two tabs refreshing at
   * once). A family older than its absolute lifetime cannot be renewed. Everything is read through the transaction:
   * asking the pool for another connection while holding this one can starve the pool.
   */
  async refresh(refreshToken: string | undefined): Promise<Session> {
    if (!refreshToken) throw invalidRefresh();
    const { db, clock, tokens, refreshMaxAgeDays } = this.deps;
    const at = clock.now();
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await refreshTokensRepo.findByHashForUpdate(trx, hashOpaqueToken(refreshToken));
      if (!row || row.revokedAt || row.expiresAt <= at) return { ok: false as const };
      const sessionEnd = row.familyStartedAt.getTime() + refreshMaxAgeDays * DAY_MS;
      if (sessionEnd <= at.getTime()) return { ok: false as const };
      const successor = tokens.refreshSuccessor(refreshToken);
      if (row.usedAt) {
        const again = await this.sameRotation(trx, row, successor, at);
        if (again) return { ok: true as const, session: again };
        await refreshTokensRepo.revokeFamily(trx, row.familyId, at);
        await recordAudit(trx, {
          actorId: row.userId,
          action: 'auth.refresh_reuse_detected',
          entityType: 'user',
          entityId: row.userId,
          after: { familyId: row.familyId },
          at,
        });
        return { ok: false as const, revoked: row };
      }
      const user = await readUser(trx, row.userId);
      if (!user || user.status === 'suspended') return { ok: false as const };
      await refreshTokensRepo.markUsed(trx, row.id, at);
      return {
        ok: true as const,
        session: await this.issue(trx, user, { id: row.familyId, startedAt: row.familyStartedAt }, successor),
      };
    });
    if (outcome.ok) return outcome.session;
    if (outcome.revoked) {
      this.sessionsRevoked(outcome.revoked.userId, [outcome.revoked.familyId], 'refresh_reuse', at);
    }
    throw invalidRefresh();
  }

  /**
   * Who a page credential (`TokenService.signPageSession`) belongs to, and an access token for reading their page on
   * their behalf, while its session is live and its user not suspended; null otherwise. Nothing is renewed: the
   * browser still renews its own access token from the refresh cookie.
   */
  async pageVisitor(credential: string | undefined): Promise<{ user: User; accessToken: string } | null> {
    const { db, clock, tokens, refreshMaxAgeDays } = this.deps;
    const familyId = credential ? tokens.verifyPageSession(credential) : null;
    if (!familyId) return null;
    const at = clock.now();
    const family = await refreshTokensRepo.liveFamily(db, familyId, at);
    if (!family || family.familyStartedAt.getTime() + refreshMaxAgeDays * DAY_MS <= at.getTime()) return null;
    const user = await readUser(db, family.userId);
    if (!user || user.status === 'suspended') return null;
    const accessToken = await tokens.signAccess({ sub: user.id, role: user.role, sid: familyId }, at);
    return { user, accessToken };
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const at = this.deps.clock.now();
    const revoked = await refreshTokensRepo.revokeFamilyOf(this.deps.db, hashOpaqueToken(refreshToken), at);
    if (revoked) this.sessionsRevoked(revoked.userId, [revoked.familyId], 'logout', at);
  }

  /** Changes the password and ends every other session of the user (all of them when `keepSessionId` is null). */
  async changePassword(
    userId: string,
    keepSessionId: string | null,
    passwords: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    const at = await this.deps.users.changePassword(
      userId,
      passwords.currentPassword,
      passwords.newPassword,
      {
        within: (trx, at) => refreshTokensRepo.revokeAllOfUser(trx, userId, at, keepSessionId),
      },
    );
    this.deps.events.publish('auth.sessions_revoked', {
      userId,
      sessionIds: null,
      keepSessionId,
      reason: 'password_changed',
      at,
    });
    this.deps.events.publish('user.password_changed', { userId, at });
  }

  async revokeAllSessions(db: Executor, userId: string, at: Date): Promise<void> {
    await refreshTokensRepo.revokeAllOfUser(db, userId, at);
  }

  private sessionsRevoked(
    userId: string,
    sessionIds: string[],
    reason: 'logout' | 'refresh_reuse',
    at: Date,
  ) {
    this.deps.events.publish('auth.sessions_revoked', {
      userId,
      sessionIds,
      keepSessionId: null,
      reason,
      at,
    });
  }

  /**
   * The session a used token was rotated into, when it is presented again within the grace window and that
   * session is still untouched: the successor token is derived from the presented one, never stored.
   */
  private async sameRotation(
    trx: Executor,
    row: { userId: string; familyId: string; usedAt: Date | null },
    successor: { token: string; hash: string },
    at: Date,
  ): Promise<Session | undefined> {
    const graceEnd = (row.usedAt?.getTime() ?? 0) + this.deps.refreshReuseGraceSeconds * 1000;
    if (at.getTime() > graceEnd) return undefined;
    const next = await refreshTokensRepo.findByHash(trx, successor.hash);
    if (!next || next.familyId !== row.familyId || next.usedAt || next.revokedAt || next.expiresAt <= at) {
      return undefined;
    }
    const user = await readUser(trx, row.userId);
    if (!user || user.status === 'suspended') return undefined;
    const accessToken = await this.deps.tokens.signAccess(
      { sub: user.id, role: user.role, sid: row.familyId },
      at,
    );
    return {
      user,
      accessToken,
      refreshToken: successor.token,
      refreshExpiresAt: next.expiresAt,
      pageCredential: this.deps.tokens.signPageSession(row.familyId),
    };
  }

  /** A new session (refresh family) for the user, read through `db` (a transaction or the pool). */
  private async openSession(
    db: Executor,
    userId: string,
    familyId: string,
    device: SignInDevice,
  ): Promise<Session> {
    const user = await readUser(db, userId);
    if (!user) throw invalidRefresh();
    await sessionDevicesRepo.insert(db, {
      familyId,
      userId,
      ...deviceOf(device),
      createdAt: this.deps.clock.now(),
    });
    return this.issue(db, user, { id: familyId, startedAt: this.deps.clock.now() }, newOpaqueToken());
  }

  /** Stores the family's next refresh token and signs an access token naming the family (`sid`). */
  private async issue(
    db: Executor,
    user: User,
    family: { id: string; startedAt: Date },
    token: { token: string; hash: string },
  ): Promise<Session> {
    const { clock, tokens, refreshTtlDays, refreshMaxAgeDays } = this.deps;
    const at = clock.now();
    const refreshExpiresAt = new Date(
      Math.min(
        at.getTime() + refreshTtlDays * DAY_MS,
        family.startedAt.getTime() + refreshMaxAgeDays * DAY_MS,
      ),
    );
    await refreshTokensRepo.insert(db, {
      id: uuidv7(at.getTime()),
      userId: user.id,
      familyId: family.id,
      familyStartedAt: family.startedAt,
      tokenHash: token.hash,
      expiresAt: refreshExpiresAt,
      createdAt: at,
    });
    const accessToken = await tokens.signAccess({ sub: user.id, role: user.role, sid: family.id }, at);
    return {
      user,
      accessToken,
      refreshToken: token.token,
      refreshExpiresAt,
      pageCredential: tokens.signPageSession(family.id),
    };
  }
}

const DAY_MS = 86_400_000;

/** User agents are the client's to write: kept to a sane length. */
const deviceOf = (device: SignInDevice): SignInDevice => ({
  userAgent: device.userAgent.slice(0, 512),
  ip: device.ip,
});

async function readUser(db: Executor, userId: string): Promise<User | undefined> {
  const row = await usersRepo.findWithCompany(db, userId);
  return row ? toUser(row) : undefined;
}
