import type { CompanyJoinRequest, JoinRequestStatus, MyJoinRequest } from '../../../common/companies.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import type { Executor } from '../../db/pool.ts';
import type { AccountDirectory } from '../../platform/accounts.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, pageOf } from '../../platform/cursor.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { usersRepo } from '../users/users.repo.ts';
import { toJoinRequest } from './companies.presenter.ts';
import { companiesRepo } from './companies.repo.ts';

/** Called by registration, in its transaction: the new (pending) client asks to join the company. */
export async function requestToJoinCompany(
  trx: Executor,
  request: { userId: string; companyId: string; at: Date },
): Promise<string> {
  const id = uuidv7(request.at.getTime());
  await companiesRepo.insertJoinRequest(trx, {
    id,
    companyId: request.companyId,
    userId: request.userId,
    status: 'pending',
    reason: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: request.at,
  });
  await recordAudit(trx, {
    actorId: request.userId,
    action: 'company_join.requested',
    entityType: 'company_join_request',
    entityId: id,
    after: { userId: request.userId, companyId: request.companyId },
    at: request.at,
  });
  return id;
}

export type CompaniesDeps = Pick<Platform, 'db' | 'clock' | 'events'> & { accounts: AccountDirectory };

export class CompaniesService extends Service<CompaniesDeps> {
  async listJoinRequests(query: {
    status: JoinRequestStatus;
    limit: number;
    cursor?: string;
  }): Promise<Page<CompanyJoinRequest>> {
    const afterId = query.cursor ? decodeCursor(query.cursor, cursorKeys.id)[0] : undefined;
    const rows = await companiesRepo.listJoinRequests(this.deps.db, { ...query, afterId });
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.id]);
    return { items: items.map(toJoinRequest), nextCursor };
  }

  /** The caller's own request, if they made one: what their waiting page shows. */
  async mine(user: AuthUser): Promise<MyJoinRequest> {
    const row = await companiesRepo.findJoinRequestOfUser(this.deps.db, user.id);
    if (!row) return { request: null };
    const { status, company, reason, createdAt, decidedAt } = toJoinRequest(row);
    return {
      request: {
        status,
        company: { name: company.name, siren: company.siren },
        reason,
        createdAt,
        decidedAt,
      },
    };
  }

  /** The requester becomes an active member of the company, and sees its dossiers. */
  approve(admin: AuthUser, id: string): Promise<CompanyJoinRequest> {
    return this.decide(admin, id, 'approved', null);
  }

  /** The requester's account is rejected, with the reason (shown to them). */
  reject(admin: AuthUser, id: string, reason: string): Promise<CompanyJoinRequest> {
    return this.decide(admin, id, 'rejected', reason);
  }

  private async decide(
    admin: AuthUser,
    id: string,
    status: 'approved' | 'rejected',
    reason: string | null,
  ): Promise<CompanyJoinRequest> {
    const { db, clock, accounts, events } = this.deps;
    const at = clock.now();
    const userId = await db.transaction().execute(async (trx) => {
      const request = await companiesRepo.lockJoinRequest(trx, id);
      if (!request) throw notFound('Demande d’adhésion');
      if (request.status !== 'pending') {
        throw conflict('JOIN_REQUEST_ALREADY_DECIDED', 'Cette demande d’adhésion a déjà été traitée');
      }
      const user = await usersRepo.lockForUpdate(trx, request.userId);
      // Suspended meanwhile: a decision on the request must not lift the suspension.
      if (user?.status !== 'pending') {
        throw conflict(
          'JOIN_REQUEST_ACCOUNT_NOT_PENDING',
          'Le compte du demandeur n’est plus en attente : réactivez-le avant de décider',
        );
      }
      if (status === 'approved') await usersRepo.joinCompany(trx, request.userId, request.companyId, at);
      else await usersRepo.setStatus(trx, request.userId, 'rejected', reason, at);
      await companiesRepo.decideJoinRequest(trx, id, { status, reason, decidedBy: admin.id, at });
      await recordAudit(trx, {
        actorId: admin.id,
        action: `company_join.${status}`,
        entityType: 'company_join_request',
        entityId: id,
        before: { status: 'pending', userStatus: 'pending' },
        after: {
          status,
          reason,
          userId: request.userId,
          companyId: request.companyId,
          userStatus: status === 'approved' ? 'active' : 'rejected',
        },
        at,
      });
      return request.userId;
    });
    // Every instance's auth guard reads the new status and company on the next request.
    await accounts.changed(userId);
    events.publish('user.status_changed', {
      userId,
      role: 'client',
      previous: 'pending',
      status: status === 'approved' ? 'active' : 'rejected',
      actorId: admin.id,
      at,
    });
    const row = await companiesRepo.findJoinRequest(db, id);
    if (!row) throw notFound('Demande d’adhésion');
    return toJoinRequest(row);
  }
}
