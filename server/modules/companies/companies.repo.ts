import type { Insertable } from 'kysely';
import type { JoinRequestStatus } from '../../../common/companies.ts';
import type { Executor } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';

const joinRequestView = (db: Executor) =>
  db
    .selectFrom('companyJoinRequests as r')
    .innerJoin('companies as c', 'c.id', 'r.companyId')
    .innerJoin('users as u', 'u.id', 'r.userId')
    .select([
      'r.id',
      'r.status',
      'r.reason',
      'r.createdAt',
      'r.decidedAt',
      'c.id as companyId',
      'c.name as companyName',
      'c.siren as companySiren',
      'u.id as userId',
      'u.email as userEmail',
      'u.firstName as userFirstName',
      'u.lastName as userLastName',
    ]);

export type JoinRequestRow = RowOf<typeof joinRequestView>;

export const companiesRepo = {
  insertJoinRequest: (db: Executor, row: Insertable<Database['companyJoinRequests']>) =>
    db.insertInto('companyJoinRequests').values(row).execute(),

  findJoinRequest: (db: Executor, id: string) =>
    joinRequestView(db).where('r.id', '=', id).executeTakeFirst(),

  findJoinRequestOfUser: (db: Executor, userId: string) =>
    joinRequestView(db).where('r.userId', '=', userId).executeTakeFirst(),

  lockJoinRequest: (db: Executor, id: string) =>
    db
      .selectFrom('companyJoinRequests')
      .select(['id', 'userId', 'companyId', 'status'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst(),

  decideJoinRequest: (
    db: Executor,
    id: string,
    decision: {
      status: Exclude<JoinRequestStatus, 'pending'>;
      reason: string | null;
      decidedBy: string;
      at: Date;
    },
  ) =>
    db
      .updateTable('companyJoinRequests')
      .set({
        status: decision.status,
        reason: decision.reason,
        decidedBy: decision.decidedBy,
        decidedAt: decision.at,
      })
      .where('id', '=', id)
      .execute(),

  listJoinRequests: (db: Executor, f: { status: JoinRequestStatus; afterId?: string; limit: number }) => {
    let query = joinRequestView(db).where('r.status', '=', f.status);
    if (f.afterId) query = query.where('r.id', '<', f.afterId);
    return query.orderBy('r.id', 'desc').limit(fetchLimit(f.limit)).execute();
  },
};
