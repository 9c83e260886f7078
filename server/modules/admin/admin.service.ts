import type { AdminUser } from '../../../common/admin.ts';
import type { Page } from '../../../common/pagination.ts';
import type { AccountDirectory } from '../../platform/accounts.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { StatusAction, UsersService } from '../users/users.service.ts';
import { adminRepo, type UserListFilters } from './admin.repo.ts';

export type AdminDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  users: UsersService;
  auth: AuthService;
  accounts: AccountDirectory;
};

export class AdminService extends Service<AdminDeps> {
  async listUsers(query: Omit<UserListFilters, 'afterId'> & { cursor?: string }): Promise<Page<AdminUser>> {
    const afterId = query.cursor ? decodeCursor(query.cursor, cursorKeys.id)[0] : undefined;
    const rows = await adminRepo.listUsers(this.deps.db, { ...query, afterId });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.id]);
    const toAdminUser = ({ emailVerifiedAt, ...r }: (typeof items)[number]): AdminUser => ({
      ...r,
      emailVerified: emailVerifiedAt !== null,
      createdAt: r.createdAt.toISOString(),
    });
    return { items: items.map(toAdminUser), nextCursor };
  }

  /** Approve, reject, suspend or reactivate an account; a suspension also ends every session of the user. */
  async changeUserStatus(admin: AuthUser, userId: string, action: StatusAction, reason: string | null) {
    const { db, clock, users, auth, accounts } = this.deps;
    const change = await db.transaction().execute(async (trx) => {
      const change = await users.changeStatus(trx, admin.id, userId, action, reason);
      if (change.status === 'suspended') await auth.revokeAllSessions(trx, userId, clock.now());
      return change;
    });
    // Every instance's auth guard reads the new status on the next request.
    await accounts.changed(userId);
    // A suspended user's live connections (sockets) are closed by the realtime hub.
    this.deps.events.publish('user.status_changed', {
      userId,
      actorId: admin.id,
      ...change,
      at: clock.now(),
    });
    return users.get(userId);
  }
}
