import type {
  AdminUser,
  AdminUserAuditEntry,
  AdminUserDetail,
  AdminUserListQuery,
} from '../../../common/admin-users.ts';
import type { Page } from '../../../common/pagination.ts';
import type { User } from '../../../common/users.ts';
import type { AccountDirectory } from '../../platform/accounts.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { newOpaqueToken } from '../../platform/tokens.ts';
import type { AccountEmailsService } from '../auth/account-emails.service.ts';
import { accountsRepo } from '../auth/account-tokens.repo.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { usersRepo } from '../users/users.repo.ts';
import type { StatusAction, UsersService } from '../users/users.service.ts';
import { toAdminUser, toAdminUserDetail, toAuditEntry } from './users-admin.presenter.ts';
import { usersDetailRepo } from './users-detail.repo.ts';
import { listCursor, searchWords } from './users-list.query.ts';
import { usersListRepo } from './users-list.repo.ts';

export type AdminUsersDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  users: UsersService;
  auth: AuthService;
  accounts: AccountDirectory;
  accountEmails: AccountEmailsService;
};

/** The admins' users: the searchable list, a user's page, and the decisions on an account. */
export class AdminUsersService extends Service<AdminUsersDeps> {
  async list(query: AdminUserListQuery): Promise<Page<AdminUser>> {
    const { cursor, q, ...filters } = query;
    const after = cursor ? listCursor.decode(query.sort, cursor) : undefined;
    const rows = await usersListRepo.list(this.deps.db, { ...filters, words: searchWords(q), after });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => listCursor.key(query.sort, last));
    return { items: items.map(toAdminUser), nextCursor };
  }

  async detail(userId: string): Promise<AdminUserDetail> {
    const { db, clock } = this.deps;
    const row = await usersDetailRepo.find(db, userId);
    if (!row) throw notFound('Utilisateur');
    const [profile, dossiers, sessions] = await Promise.all([
      row.role === 'expert' ? usersDetailRepo.expertProfile(db, userId) : undefined,
      usersDetailRepo.dossierCounts(db, row.companyId ? { companyId: row.companyId } : { expertId: userId }),
      usersDetailRepo.activeSessions(db, userId, clock.now()),
    ]);
    return toAdminUserDetail(row, profile, dossiers, sessions);
  }

  async auditTrail(
    userId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<AdminUserAuditEntry>> {
    const { db } = this.deps;
    if (!(await usersRepo.findCredentialsById(db, userId))) throw notFound('Utilisateur');
    const beforeId = query.cursor ? decodeCursor(query.cursor, cursorKeys.id)[0] : undefined;
    const rows = await usersDetailRepo.auditTrail(db, userId, query.limit, beforeId);
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.id]);
    return { items: items.map(toAuditEntry), nextCursor };
  }

  /**
   * Approve, reject, suspend or reactivate an account; a suspension also ends every session of the user. The reason
   * of a rejection or a suspension goes to the user with its notification.
   */
  async changeStatus(
    admin: AuthUser,
    userId: string,
    action: StatusAction,
    reason: string | null,
  ): Promise<User> {
    const { db, clock, users, auth, accounts, events } = this.deps;
    const change = await db.transaction().execute(async (trx) => {
      const change = await users.changeStatus(trx, admin.id, userId, action, reason);
      if (change.status === 'suspended') await auth.revokeAllSessions(trx, userId, clock.now());
      return change;
    });
    // Every instance's auth guard reads the new status on the next request.
    await accounts.changed(userId);
    // A suspended user's live connections (sockets) are closed by the realtime hub.
    events.publish('user.status_changed', { userId, actorId: admin.id, reason, ...change, at: clock.now() });
    return users.get(userId);
  }

  /**
   * Ends every session of the user and replaces the password with one nobody knows, then e-mails them a reset link
   * (the "forgot password" link, in an e-mail that says an admin did it): the only way back in is a new password of
   * their own.
   */
  async forcePasswordReset(admin: AuthUser, userId: string): Promise<void> {
    const { db, clock, auth, events, accountEmails } = this.deps;
    if (userId === admin.id) throw forbidden('Vous ne pouvez pas modifier votre propre compte');
    const unusable = await hashPassword(newOpaqueToken().token);
    const at = clock.now();
    const email = await db.transaction().execute(async (trx) => {
      const account = await accountsRepo.lockForUpdate(trx, userId);
      if (!account) throw notFound('Utilisateur');
      await usersRepo.updatePasswordHash(trx, userId, unusable, at);
      await auth.revokeAllSessions(trx, userId, at);
      await recordAudit(trx, {
        actorId: admin.id,
        action: 'user.password_reset_forced',
        entityType: 'user',
        entityId: userId,
        at,
      });
      return account.email;
    });
    events.publish('auth.sessions_revoked', {
      userId,
      sessionIds: null,
      keepSessionId: null,
      reason: 'password_changed',
      at,
    });
    await accountEmails.sendPasswordReset(email, true);
  }
}
