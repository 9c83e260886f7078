import { type Insertable, sql, type Updateable } from 'kysely';
import { closingStatuses } from '../../../common/dossier-lifecycle.ts';
import { type Executor, preparedQuery } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';

/** A document with what its rules need of its dossier (who may see it, whether it is closed and since when). */
const documentView = (db: Executor) =>
  db
    .selectFrom('documents as d')
    .innerJoin('dossiers as x', 'x.id', 'd.dossierId')
    .select([
      'd.id',
      'd.dossierId',
      'd.category',
      'd.title',
      'd.currentVersionId',
      'd.status',
      'd.createdBy',
      'd.createdAt',
      'd.updatedAt',
      'x.reference as dossierReference',
      'x.companyId',
      'x.expertId',
      'x.status as dossierStatus',
      'x.statusChangedAt as dossierStatusChangedAt',
    ]);

/** A version with the names of who uploaded and who reviewed it. */
const versionView = (db: Executor) =>
  db
    .selectFrom('documentVersions as v')
    .innerJoin('users as u', 'u.id', 'v.uploadedBy')
    .leftJoin('users as r', 'r.id', 'v.reviewedBy')
    .select([
      'v.id',
      'v.documentId',
      'v.dossierId',
      'v.version',
      'v.storageKey',
      'v.filename',
      'v.mimeType',
      'v.sizeBytes',
      'v.sha256',
      'v.comment',
      'v.uploadedBy',
      'v.createdAt',
      'v.reviewStatus',
      'v.reviewedBy',
      'v.reviewedAt',
      'v.reviewReason',
      'v.extractionStatus',
      'v.pageCount',
      sql<string>`u.first_name || ' ' || u.last_name`.as('uploaderName'),
      sql<string | null>`r.first_name || ' ' || r.last_name`.as('reviewerName'),
    ]);

export type DocumentRow = RowOf<typeof documentView>;
export type VersionRow = RowOf<typeof versionView>;

// A search reads a page of documents and their versions at each request: prepared, with the ids as one array.
const findManyQuery = preparedQuery((db, p: { ids: readonly string[] }) =>
  documentView(db).where('d.id', '=', sql<string>`ANY(${p.ids}::uuid[])`),
);
const versionsOfQuery = preparedQuery((db, p: { documentIds: readonly string[] }) =>
  versionView(db)
    .where('v.documentId', '=', sql<string>`ANY(${p.documentIds}::uuid[])`)
    .orderBy('v.documentId')
    .orderBy('v.version', 'desc'),
);

export const documentsRepo = {
  find: (db: Executor, id: string) => documentView(db).where('d.id', '=', id).executeTakeFirst(),

  findMany: (db: Executor, ids: readonly string[]) =>
    ids.length === 0 ? Promise.resolve([] as DocumentRow[]) : findManyQuery(db, { ids }),

  /** The document, locked until the transaction ends (new versions, reviews and deletions take turns). */
  lock: (db: Executor, id: string) =>
    documentView(db).where('d.id', '=', id).forUpdate('d').executeTakeFirst(),

  /** The categories with an approved document in the dossier (the workflow's guards read them). */
  approvedCategories: (db: Executor, dossierId: string) =>
    db
      .selectFrom('documents')
      .select('category')
      .distinct()
      .where('dossierId', '=', dossierId)
      .where('status', '=', 'approved')
      .execute(),

  ofDossier: (db: Executor, dossierId: string) =>
    documentView(db)
      .where('d.dossierId', '=', dossierId)
      .orderBy('d.category')
      .orderBy('d.createdAt')
      .orderBy('d.id')
      .execute(),

  /** Every version of these documents, newest first within each document. */
  versionsOf: (db: Executor, documentIds: readonly string[]) =>
    documentIds.length === 0 ? Promise.resolve([] as VersionRow[]) : versionsOfQuery(db, { documentIds }),

  findVersion: (db: Executor, documentId: string, versionId: string) =>
    versionView(db).where('v.documentId', '=', documentId).where('v.id', '=', versionId).executeTakeFirst(),

  findVersionById: (db: Executor, versionId: string) =>
    versionView(db).where('v.id', '=', versionId).executeTakeFirst(),

  /**
   * Makes the uploads of one dossier take turns until their transactions end, so that two uploads of the same file
   * cannot both find no duplicate.
   */
  serializeDossierUploads: async (db: Executor, dossierId: string) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`documents:${dossierId}`}, 0))`.execute(db);
  },

  /** A version of a document of this dossier with these bytes. */
  findByHash: (db: Executor, dossierId: string, sha256: string) =>
    db
      .selectFrom('documentVersions as v')
      .innerJoin('documents as d', 'd.id', 'v.documentId')
      .select(['v.documentId', 'v.version', 'd.category'])
      .where('v.dossierId', '=', dossierId)
      .where('v.sha256', '=', sha256)
      .limit(1)
      .executeTakeFirst(),

  lastVersionNumber: async (db: Executor, documentId: string): Promise<number> => {
    const row = await db
      .selectFrom('documentVersions')
      .select((eb) => eb.fn.max('version').as('last'))
      .where('documentId', '=', documentId)
      .executeTakeFirst();
    return row?.last ?? 0;
  },

  insertDocument: (db: Executor, row: Insertable<Database['documents']>) =>
    db.insertInto('documents').values(row).execute(),

  insertVersion: (db: Executor, row: Insertable<Database['documentVersions']>) =>
    db.insertInto('documentVersions').values(row).execute(),

  updateDocument: (db: Executor, id: string, changes: Updateable<Database['documents']>) =>
    db.updateTable('documents').set(changes).where('id', '=', id).execute(),

  updateVersion: (db: Executor, id: string, changes: Updateable<Database['documentVersions']>) =>
    db.updateTable('documentVersions').set(changes).where('id', '=', id).execute(),

  /** Removes the document and its versions (and their text); returns the storage keys of the blobs to remove. */
  delete: async (db: Executor, id: string): Promise<string[]> => {
    const versions = await db
      .deleteFrom('documentVersions')
      .where('documentId', '=', id)
      .returning('storageKey')
      .execute();
    await db.deleteFrom('documents').where('id', '=', id).execute();
    return versions.map((v) => v.storageKey);
  },

  /** Which of these storage keys a version still points at. */
  knownKeys: async (db: Executor, keys: readonly string[]): Promise<Set<string>> => {
    if (keys.length === 0) return new Set();
    const rows = await db
      .selectFrom('documentVersions')
      .select('storageKey')
      .where('storageKey', 'in', keys)
      .execute();
    return new Set(rows.map((r) => r.storageKey));
  },

  /** Documents of dossiers closed at or before `closedBefore` (their retention is over), by id after `afterId`. */
  pastRetention: (db: Executor, closedBefore: Date, limit: number, afterId?: string) => {
    let query = db
      .selectFrom('documents as d')
      .innerJoin('dossiers as x', 'x.id', 'd.dossierId')
      .select('d.id')
      .where('x.status', 'in', closingStatuses)
      .where('x.statusChangedAt', '<=', closedBefore);
    if (afterId) query = query.where('d.id', '>', afterId);
    return query.orderBy('d.id').limit(limit).execute();
  },
};
