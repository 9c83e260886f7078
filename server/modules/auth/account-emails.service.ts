import { uuidv7 } from '../../../common/ids.ts';
import type { ChangeEmailInput, ResetPasswordInput, User } from '../../../common/users.ts';
import type { Executor } from '../../db/pool.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import type { DomainEvents } from '../../platform/events.ts';
import type { Mailer } from '../../platform/mailer.ts';
import { hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { hashOpaqueToken, newOpaqueToken } from '../../platform/tokens.ts';
import { usersRepo } from '../users/users.repo.ts';
import type { UsersService } from '../users/users.service.ts';
import { accountEmails } from './account-email-templates.ts';
import { sendPasswordReset } from './account-emails.jobs.ts';
import { accountsRepo, accountTokensRepo } from './account-tokens.repo.ts';
import type { AuthService } from './auth.service.ts';

const HOUR_MS = 3_600_000;
/** How long each kind of link works. */
export const LINK_TTL_MS = { verify_email: 48 * HOUR_MS, reset_password: HOUR_MS };
/** Where each kind of link opens the web app. */
const LINK_PATHS = { verify_email: '/verifier-email', reset_password: '/reinitialiser-mot-de-passe' };

type Purpose = keyof typeof LINK_TTL_MS;
type Account = NonNullable<Awaited<ReturnType<typeof accountsRepo.findById>>>;

export type AccountEmailsDeps = Pick<Platform, 'db' | 'clock' | 'events' | 'jobs'> & {
  mailer: Mailer;
  auth: AuthService;
  users: UsersService;
  /** Origin of the app: the links of the e-mails. */
  publicUrl: string;
};

const invalidLink = () =>
  new AppError(400, 'ACCOUNT_LINK_INVALID', 'Ce lien n’est pas valide, a déjà servi ou a expiré');
const emailTaken = () => conflict('EMAIL_TAKEN', 'Un compte existe déjà avec cette adresse e-mail');

/**
 * The account e-mails: the address verified at sign-up and after a change, a forgotten password reset by a single-use
 * link that ends every session, a notice to the former address when it changes. Links are 32 random bytes of which
 * only the SHA-256 is stored; a new link of a kind ends the user's older ones. Nothing here tells whether an address
 * has an account.
 */
export class AccountEmailsService extends Service<AccountEmailsDeps> {
  /** A verification link to the account's address, unless it is verified already (sign-up, e-mail change). */
  async sendVerification(userId: string): Promise<void> {
    const account = await accountsRepo.findById(this.deps.db, userId);
    if (account && !account.emailVerifiedAt) await this.sendLink(account, 'verify_email');
  }

  async resendVerification(user: AuthUser): Promise<void> {
    const account = await accountsRepo.findById(this.deps.db, user.id);
    if (!account) throw notFound('Utilisateur');
    if (account.emailVerifiedAt) {
      throw conflict('EMAIL_ALREADY_VERIFIED', 'Votre adresse e-mail est déjà confirmée');
    }
    await this.sendLink(account, 'verify_email');
  }

  async verifyEmail(token: string): Promise<void> {
    const at = this.deps.clock.now();
    const verified = await this.deps.db.transaction().execute(async (trx) => {
      const used = await accountTokensRepo.consume(trx, hashOpaqueToken(token), 'verify_email', at);
      if (!used || !(await accountsRepo.markEmailVerified(trx, used.userId, used.email, at))) return false;
      await audit(trx, used.userId, 'user.email_verified', { email: used.email }, at);
      return true;
    });
    if (!verified) throw invalidLink();
  }

  /**
   * Answers alike whether the address has an account or not, in the same time: all it does is send a job, which
   * sends the link if there is an account (`sendPasswordReset`).
   */
  async requestPasswordReset(email: string): Promise<void> {
    await this.deps.jobs.send(sendPasswordReset, { email });
  }

  /**
   * The job's work: a reset link to the account of this address, if there is one. `forced`: an admin reset the
   * password, and the e-mail says so (the person asked for nothing).
   */
  async sendPasswordReset(email: string, forced = false): Promise<void> {
    const account = await accountsRepo.findByEmail(this.deps.db, email);
    if (account) await this.sendLink(account, 'reset_password', forced);
  }

  /**
   * Sets the new password with a reset link (once), and ends every session of the user, as a password change does.
   * The link came to the account's address: it is verified by the way.
   */
  async resetPassword(input: ResetPasswordInput): Promise<void> {
    const { db, clock, auth, events } = this.deps;
    const passwordHash = await hashPassword(input.password);
    const at = clock.now();
    const userId = await db.transaction().execute(async (trx) => {
      const used = await accountTokensRepo.consume(trx, hashOpaqueToken(input.token), 'reset_password', at);
      if (!used) return undefined;
      await usersRepo.updatePasswordHash(trx, used.userId, passwordHash, at);
      await accountTokensRepo.invalidate(trx, used.userId, at, 'reset_password');
      await accountsRepo.markEmailVerified(trx, used.userId, used.email, at);
      await auth.revokeAllSessions(trx, used.userId, at);
      await audit(trx, used.userId, 'user.password_reset', undefined, at);
      return used.userId;
    });
    if (!userId) throw invalidLink();
    events.publish('auth.sessions_revoked', {
      userId,
      sessionIds: null,
      keepSessionId: null,
      reason: 'password_changed',
      at,
    });
    events.publish('user.password_changed', { userId, at });
  }

  /**
   * Changes the address (password required): unverified until the link sent to it is followed, and the former
   * address told (`emailChanged`, on the event). Links sent to the former address stop working.
   */
  async changeEmail(user: AuthUser, input: ChangeEmailInput): Promise<User> {
    const { db, clock, users, events } = this.deps;
    const credentials = await usersRepo.findCredentialsById(db, user.id);
    if (!credentials || !(await verifyPassword(credentials.passwordHash, input.password))) {
      throw new AppError(400, 'INVALID_CREDENTIALS', 'Mot de passe incorrect');
    }
    const at = clock.now();
    const previousEmail = await db
      .transaction()
      .execute(async (trx) => {
        const account = await accountsRepo.lockForUpdate(trx, user.id);
        if (!account) throw notFound('Utilisateur');
        if (account.email === input.email) return undefined;
        if (await usersRepo.emailExists(trx, input.email)) throw emailTaken();
        await accountsRepo.changeEmail(trx, user.id, input.email, at);
        await accountTokensRepo.invalidate(trx, user.id, at);
        await audit(trx, user.id, 'user.email_changed', { from: account.email, to: input.email }, at);
        return account.email;
      })
      .catch((error: unknown) => {
        // Another account took the address between the check and the update: the unique index decides.
        const { code, constraint } = error as { code?: string; constraint?: string };
        if (code === '23505' && constraint?.includes('email')) throw emailTaken();
        throw error;
      });
    if (previousEmail) {
      events.publish('user.email_changed', { userId: user.id, previousEmail, email: input.email, at });
    }
    return users.get(user.id);
  }

  /** After an address change: the notice to the former address, the verification link to the new one. */
  async emailChanged({
    userId,
    previousEmail,
    email,
    at,
  }: DomainEvents['user.email_changed']): Promise<void> {
    const account = await accountsRepo.findById(this.deps.db, userId);
    if (!account) return;
    await this.deps.mailer.queue({
      idempotencyKey: `email-changed:${userId}:${at.toISOString()}`,
      userId,
      to: previousEmail,
      kind: 'account.email_changed',
      locale: account.locale,
      ...accountEmails.emailChanged(account.locale, account.firstName, email),
    });
    if (account.email === email) await this.sendVerification(userId);
  }

  /** A new link of this kind to the account's address; the user's older ones stop working. */
  private async sendLink(account: Account, purpose: Purpose, forced = false): Promise<void> {
    const { db, clock, mailer, publicUrl } = this.deps;
    const at = clock.now();
    const id = uuidv7(at.getTime());
    const { token, hash } = newOpaqueToken();
    await db.transaction().execute(async (trx) => {
      await accountTokensRepo.invalidate(trx, account.id, at, purpose);
      await accountTokensRepo.insert(trx, {
        id,
        userId: account.id,
        purpose,
        tokenHash: hash,
        email: account.email,
        createdAt: at,
        expiresAt: new Date(at.getTime() + LINK_TTL_MS[purpose]),
      });
    });
    const url = `${publicUrl}${LINK_PATHS[purpose]}?token=${token}`;
    const render =
      purpose === 'verify_email'
        ? accountEmails.verifyEmail
        : forced
          ? accountEmails.forcedPasswordReset
          : accountEmails.resetPassword;
    await mailer.queue({
      idempotencyKey: `${purpose}:${id}`,
      userId: account.id,
      to: account.email,
      kind: forced ? 'account.reset_password_forced' : `account.${purpose}`,
      locale: account.locale,
      ...render(account.locale, account.firstName, url),
    });
  }
}

const audit = (trx: Executor, userId: string, action: string, after: unknown, at: Date) =>
  recordAudit(trx, { actorId: userId, action, entityType: 'user', entityId: userId, after, at });
