import type { Insertable } from 'kysely';
import { type Executor, preparedQuery } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';
import type { Visibility } from '../dossiers/dossiers.repo.ts';

type RequestStatus = Database['documentRequests']['status'];

const openRequestQuery = preparedQuery((db, p: { dossierId: string }) =>
  db
    .selectFrom('documentRequests')
    .select('id')
    .where('dossierId', '=', p.dossierId)
    .where('status', '=', 'open')
    .limit(1),
);

const requestView = (db: Executor) =>
  db
    .selectFrom('documentRequests as r')
    .innerJoin('dossiers as d', 'd.id', 'r.dossierId')
    .innerJoin('users as u', 'u.id', 'r.requestedBy')
    .select([
      'r.id',
      'r.dossierId',
      'r.category',
      'r.note',
      'r.dueAt',
      'r.status',
      'r.documentId',
      'r.requestedBy',
      'r.createdAt',
      'r.closedAt',
      'd.reference as dossierReference',
      'd.companyId',
      'd.expertId',
      'u.firstName as requesterFirstName',
      'u.lastName as requesterLastName',
    ]);

export type DocumentRequestRow = RowOf<typeof requestView>;

export type DocumentRequestFilters = {
  visibility: Visibility;
  status?: RequestStatus;
  dossierId?: string;
  beforeId?: string;
  /** Rows to fetch (the page's limit plus one). */
  limit: number;
};

export const documentRequestsRepo = {
  insert: (db: Executor, row: Insertable<Database['documentRequests']>) =>
    db.insertInto('documentRequests').values(row).execute(),

  find: (db: Executor, id: string) => requestView(db).where('r.id', '=', id).executeTakeFirst(),

  /** The categories the dossier's client is already asked for (open requests). */
  openCategories: (db: Executor, dossierId: string) =>
    db
      .selectFrom('documentRequests')
      .select('category')
      .where('dossierId', '=', dossierId)
      .where('status', '=', 'open')
      .execute(),

  /** Every request of a dossier, oldest first (the documents panel and its checklist). */
  listForDossier: (db: Executor, dossierId: string) =>
    requestView(db).where('r.dossierId', '=', dossierId).orderBy('r.id', 'asc').execute(),

  /** Whether the dossier has a request still open: read at every step entered (the SLA clock's pauses). */
  hasOpen: async (db: Executor, dossierId: string) => (await openRequestQuery(db, { dossierId })).length > 0,

  /** A page of the requests a reader may see, newest first. */
  list: (db: Executor, f: DocumentRequestFilters) => {
    let query = requestView(db);
    if (f.visibility !== 'all') {
      query =
        'companyId' in f.visibility
          ? query.where('d.companyId', '=', f.visibility.companyId)
          : query.where('d.expertId', '=', f.visibility.expertId);
    }
    if (f.status) query = query.where('r.status', '=', f.status);
    if (f.dossierId) query = query.where('r.dossierId', '=', f.dossierId);
    if (f.beforeId) query = query.where('r.id', '<', f.beforeId);
    return query.orderBy('r.id', 'desc').limit(f.limit).execute();
  },

  /** Cancels a request still open; undefined when it was not (a concurrent cancel or upload closed it first). */
  cancel: (db: Executor, id: string, at: Date) =>
    db
      .updateTable('documentRequests')
      .set({ status: 'cancelled', closedAt: at, updatedAt: at })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst(),

  /**
   * The upload of `documentId` answers the request, in the upload's transaction: the updated row, or undefined when
   * the request is not open or not of that dossier.
   */
  fulfil: (db: Executor, requestId: string, dossierId: string, documentId: string, at: Date) =>
    db
      .updateTable('documentRequests')
      .set({ status: 'fulfilled', documentId, closedAt: at, updatedAt: at })
      .where('id', '=', requestId)
      .where('dossierId', '=', dossierId)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst(),

  /**
   * Marks up to `limit` open requests past due and not yet flagged, and returns them: the UPDATE decides, so each is
   * returned once whatever the retries and instances (rows another instance is flagging are skipped, not waited for).
   */
  flagOverdue: (db: Executor, now: Date, limit: number) =>
    db
      .updateTable('documentRequests as r')
      .from('dossiers as d')
      .set({ overdueNotifiedAt: now })
      .whereRef('d.id', '=', 'r.dossierId')
      .where('r.id', 'in', (eb) =>
        eb
          .selectFrom('documentRequests')
          .select('id')
          .where('status', '=', 'open')
          .where('dueAt', '<', now)
          .where('overdueNotifiedAt', 'is', null)
          .orderBy('dueAt')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .where('r.overdueNotifiedAt', 'is', null)
      .returning(['r.id', 'r.dossierId', 'r.category', 'r.dueAt', 'd.companyId', 'd.expertId'])
      .execute(),
};
