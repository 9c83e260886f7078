import type { Insertable } from 'kysely';
import type { ExpertRequestStatus } from '../../../common/experts.ts';
import type { Executor } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';

const requestView = (db: Executor) =>
  db
    .selectFrom('expertRequests as r')
    .innerJoin('dossiers as d', 'd.id', 'r.dossierId')
    .innerJoin('users as e', 'e.id', 'r.expertId')
    .innerJoin('companies as c', 'c.id', 'r.companyId')
    .select([
      'r.id',
      'r.status',
      'r.dossierId',
      'r.expertId',
      'r.companyId',
      'r.message',
      'r.reason',
      'r.createdAt',
      'r.respondedAt',
      'd.reference',
      'd.productCode',
      'd.status as dossierStatus',
      'e.firstName',
      'e.lastName',
      'c.name as companyName',
      'c.region as companyRegion',
    ]);

export type RequestRow = RowOf<typeof requestView>;

export const expertRequestsRepo = {
  find: (db: Executor, id: string) => requestView(db).where('r.id', '=', id).executeTakeFirst(),

  /** A page of requests, newest first: an expert's, a company's, or all of them (admins). */
  list(
    db: Executor,
    q: {
      expertId?: string;
      companyId?: string;
      status?: ExpertRequestStatus;
      beforeId?: string;
      limit: number;
    },
  ) {
    let query = requestView(db);
    if (q.expertId) query = query.where('r.expertId', '=', q.expertId);
    if (q.companyId) query = query.where('r.companyId', '=', q.companyId);
    if (q.status) query = query.where('r.status', '=', q.status);
    if (q.beforeId) query = query.where('r.id', '<', q.beforeId);
    return query.orderBy('r.id', 'desc').limit(q.limit).execute();
  },

  insert: (db: Executor, request: Insertable<Database['expertRequests']>) =>
    db.insertInto('expertRequests').values(request).execute(),

  /** Every expert ever asked to take the dossier. */
  expertsAskedFor: async (db: Executor, dossierId: string): Promise<string[]> =>
    (
      await db
        .selectFrom('expertRequests')
        .select('expertId')
        .distinct()
        .where('dossierId', '=', dossierId)
        .execute()
    ).map((r) => r.expertId),

  /** The dossier's latest request: its expert, where it stands, the client's message. */
  latestOf: (db: Executor, dossierId: string) =>
    db
      .selectFrom('expertRequests')
      .select(['id', 'expertId', 'status', 'message'])
      .where('dossierId', '=', dossierId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),

  /** What answering a request needs to know. */
  findForAnswer: (db: Executor, id: string) =>
    db
      .selectFrom('expertRequests')
      .select(['id', 'dossierId', 'expertId', 'companyId', 'status'])
      .where('id', '=', id)
      .executeTakeFirst(),

  /** Records the answer to a request still open; whether it was (a concurrent answer or cancel closes it first). */
  async answer(
    db: Executor,
    id: string,
    answer: { status: 'accepted' | 'declined'; reason: string | null; respondedAt: Date },
  ): Promise<boolean> {
    const updated = await db
      .updateTable('expertRequests')
      .set(answer)
      .where('id', '=', id)
      .where('status', '=', 'requested')
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  },

  /** Closes a dossier's open requests (of one expert, or all), in the caller's transaction. */
  cancelOpen(trx: Executor, dossierId: string, at: Date, expertId?: string) {
    let q = trx
      .updateTable('expertRequests')
      .set({ status: 'cancelled', respondedAt: at })
      .where('dossierId', '=', dossierId)
      .where('status', '=', 'requested');
    if (expertId) q = q.where('expertId', '=', expertId);
    return q.execute();
  },
};
