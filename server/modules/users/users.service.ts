import type { Role, User, UserStatus } from '../../../common/users.ts';
import type { Executor } from '../../db/pool.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import { hashPassword, verifyPassword } from '../../platform/passwords.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { toUser } from './users.presenter.ts';
import { usersRepo } from './users.repo.ts';

export type StatusAction = 'approve' | 'reject' | 'suspend' | 'reactivate';

const statusRules: Record<
  StatusAction,
  { roles: Role[]; from: UserStatus[]; to: UserStatus; requiresReason: boolean }
> = {
  approve: { roles: ['expert'], from: ['pending', 'rejected'], to: 'active', requiresReason: false },
  reject: { roles: ['expert'], from: ['pending'], to: 'rejected', requiresReason: true },
  suspend: {
    roles: ['client', 'expert', 'admin'],
    from: ['active', 'pending'],
    to: 'suspended',
    requiresReason: true,
  },
  reactivate: {
    roles: ['client', 'expert', 'admin'],
    from: ['suspended'],
    to: 'active',
    requiresReason: false,
  },
};

export type UsersDeps = Pick<Platform, 'db' | 'clock'>;

export class UsersService extends Service<UsersDeps> {
  async get(id: string): Promise<User> {
    const row = await usersRepo.findWithCompany(this.deps.db, id);
    if (!row) throw notFound('Utilisateur');
    return toUser(row);
  }

  /** Applies an admin's decision on an account, inside the caller's transaction. */
  async changeStatus(
    trx: Executor,
    actorId: string,
    userId: string,
    action: StatusAction,
    reason: string | null,
  ) {
    const row = await usersRepo.lockForUpdate(trx, userId);
    if (!row) throw notFound('Utilisateur');
    if (userId === actorId) throw forbidden('Vous ne pouvez pas modifier votre propre compte');
    const rule = statusRules[action];
    if (!rule.roles.includes(row.role) || !rule.from.includes(row.status)) {
      throw new AppError(
        409,
        'ACCOUNT_STATUS_CHANGE_INVALID',
        `Action « ${action} » impossible sur un compte ${row.status}`,
        {
          status: row.status,
        },
      );
    }
    if (rule.requiresReason && !reason) throw unprocessable('REASON_REQUIRED', 'Un motif est obligatoire');
    // A client who never joined a company (their join request awaits an admin) goes back to waiting, not to work.
    const to = rule.to === 'active' && row.role === 'client' && !row.companyId ? 'pending' : rule.to;
    const at = this.deps.clock.now();
    await usersRepo.setStatus(trx, userId, to, reason, at);
    await recordAudit(trx, {
      actorId,
      action: `user.${action}`,
      entityType: 'user',
      entityId: userId,
      before: { status: row.status },
      after: { status: to, reason },
      at,
    });
    return { previous: row.status, status: to, role: row.role };
  }

  /** The people among `ids` (unknown ids left out), as notifying them needs them; in the caller's transaction. */
  contacts(ids: readonly string[], executor: Executor = this.deps.db) {
    return usersRepo.contacts(executor, ids);
  }

  /** The language and time zone the user's notifications are written and scheduled in. */
  async setLanguage(
    executor: Executor,
    userId: string,
    changes: { locale?: 'fr' | 'en'; timeZone?: string },
  ): Promise<void> {
    if (changes.locale === undefined && changes.timeZone === undefined) return;
    await usersRepo.setLanguage(executor, userId, changes, this.deps.clock.now());
  }

  /** The active client users of a company: the people its dossiers concern. */
  companyClients(companyId: string, executor: Executor = this.deps.db): Promise<string[]> {
    return usersRepo.activeClientIds(executor, companyId);
  }

  /** The active admins: who hears of the admins' alerts and reminders. */
  activeAdmins(executor: Executor = this.deps.db): Promise<string[]> {
    return usersRepo.activeAdminIds(executor);
  }

  /** An approved, active expert, or a 422: only those can take dossiers. */
  async requireActiveExpert(id: string) {
    const expert = await usersRepo.findActiveExpert(this.deps.db, id);
    if (!expert) throw unprocessable('EXPERT_NOT_AVAILABLE', 'Cet expert n’existe pas ou n’est pas validé');
    return expert;
  }

  /**
   * Checks the current password and sets the new one; `within` runs in the same transaction (the caller ends the
   * user's other sessions there). Returns the time of the change. The hashing happens before the transaction: no
   * connection is held during it.
   */
  async changePassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
    options: { within?: (trx: Executor, at: Date) => Promise<unknown> } = {},
  ): Promise<Date> {
    const row = await usersRepo.findCredentialsById(this.deps.db, userId);
    if (!row || !(await verifyPassword(row.passwordHash, currentPassword))) {
      throw new AppError(400, 'INVALID_CREDENTIALS', 'Mot de passe actuel incorrect');
    }
    const at = this.deps.clock.now();
    const passwordHash = await hashPassword(newPassword);
    await this.deps.db.transaction().execute(async (trx) => {
      await usersRepo.updatePasswordHash(trx, userId, passwordHash, at);
      await options.within?.(trx, at);
      await recordAudit(trx, {
        actorId: userId,
        action: 'user.password_changed',
        entityType: 'user',
        entityId: userId,
        at,
      });
    });
    return at;
  }
}
