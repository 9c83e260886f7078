import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { DossierStatus } from '../../../common/dossiers.ts';
import { uuidv7 } from '../../../common/ids.ts';
import { type Executor, preparedQuery } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';

const dossierView = (db: Executor) =>
  db
    .selectFrom('dossiers as d')
    .innerJoin('companies as c', 'c.id', 'd.companyId')
    .innerJoin('products as p', 'p.code', 'd.productCode')
    .leftJoin('users as e', 'e.id', 'd.expertId')
    .select([
      'd.id',
      'd.reference',
      'd.status',
      'd.companyId',
      'd.expertId',
      'd.estimatedCents',
      'd.auditedCents',
      'd.grantedCents',
      'd.obtainedCents',
      'd.administrationReference',
      'd.statusChangedAt',
      'd.createdAt',
      'd.updatedAt',
      'p.code as productCode',
      'p.name as productName',
      'c.name as companyName',
      'c.region as companyRegion',
      'e.firstName as expertFirstName',
      'e.lastName as expertLastName',
    ]);

export type DossierRow = RowOf<typeof dossierView>;

// Every event about a dossier reads it to be told (notifications, the SLA clock), every page shows it: prepared.
const findViewQuery = preparedQuery((db, p: { id: string }) => dossierView(db).where('d.id', '=', p.id));
/** A dossier's own row, as `lockForUpdate` reads it. */
export type LockedDossier = Selectable<Database['dossiers']>;
export type TimelineRow = Awaited<ReturnType<(typeof dossiersRepo)['timeline']>>[number];

/** What limits a list to the dossiers its reader may see. */
export type Visibility = { companyId: string } | { expertId: string } | 'all';

export type DossierFilters = {
  visibility: Visibility;
  statuses?: DossierStatus[];
  productCode?: string;
  expertId?: string;
  companyId?: string;
  q?: string;
  region?: string;
  /** Opened (created) from this Paris day to that one, both included (ISO dates). */
  openedFrom?: string;
  openedTo?: string;
  unassigned?: boolean;
  afterId?: string;
  limit: number;
};

/** The instant a Paris day starts (an ISO date), `days` later. */
const parisDayStart = (day: string, days = 0) =>
  sql<Date>`((${day}::date + ${days}::int)::timestamp AT TIME ZONE 'Europe/Paris')`;

type ListFilters = Omit<DossierFilters, 'limit' | 'afterId'>;

/** A list's filters applied to the dossier view (visibility first). */
function filtered(view: ReturnType<typeof dossierView>, f: ListFilters) {
  let query = view;
  if (f.visibility !== 'all') {
    query =
      'companyId' in f.visibility
        ? query.where('d.companyId', '=', f.visibility.companyId)
        : query.where('d.expertId', '=', f.visibility.expertId);
  }
  if (f.statuses?.length) query = query.where('d.status', 'in', f.statuses);
  if (f.productCode) query = query.where('d.productCode', '=', f.productCode);
  if (f.expertId) query = query.where('d.expertId', '=', f.expertId);
  if (f.companyId) query = query.where('d.companyId', '=', f.companyId);
  if (f.region) query = query.where('c.region', '=', f.region);
  if (f.openedFrom) query = query.where('d.createdAt', '>=', parisDayStart(f.openedFrom));
  if (f.openedTo) query = query.where('d.createdAt', '<', parisDayStart(f.openedTo, 1));
  if (f.unassigned) query = query.where('d.expertId', 'is', null);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('d.reference', 'ilike', pattern),
        eb(sql`unaccent(c.name)`, 'ilike', sql`unaccent(${pattern})`),
      ]),
    );
  }
  return query;
}

export const dossiersRepo = {
  insert: (db: Executor, row: Insertable<Database['dossiers']>) =>
    db.insertInto('dossiers').values(row).execute(),

  findView: async (db: Executor, id: string) => (await findViewQuery(db, { id }))[0],

  lockForUpdate: (db: Executor, id: string) =>
    db.selectFrom('dossiers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

  /** The dossiers of `ids` that exist, locked in the order of their ids (two such locks never wait on each other). */
  lockAllForUpdate: (db: Executor, ids: readonly string[]) =>
    ids.length === 0
      ? Promise.resolve([])
      : db.selectFrom('dossiers').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute(),

  update: (db: Executor, id: string, changes: Updateable<Database['dossiers']>) =>
    db.updateTable('dossiers').set(changes).where('id', '=', id).execute(),

  list: (db: Executor, f: DossierFilters) => {
    let query = filtered(dossierView(db), f);
    if (f.afterId) query = query.where('d.id', '<', f.afterId);
    return query.orderBy('d.id', 'desc').limit(fetchLimit(f.limit)).execute();
  },

  /**
   * A page of a list's export: the list's filters and order, only the columns a file shows, Paris days computed by
   * PostgreSQL (an export reads every row: no Date objects to build and format one by one).
   */
  exportPage: (db: Executor, f: DossierFilters) => {
    let query = filtered(dossierView(db), f)
      .clearSelect()
      .select([
        'd.id',
        'd.reference',
        'd.status',
        'd.estimatedCents',
        'd.auditedCents',
        'd.grantedCents',
        'd.obtainedCents',
        'p.name as productName',
        'c.name as companyName',
        'c.region as companyRegion',
        sql<string | null>`e.first_name || ' ' || e.last_name`.as('expertName'),
        sql<string>`(d.created_at AT TIME ZONE 'Europe/Paris')::date::text`.as('openedOn'),
        sql<string>`(d.status_changed_at AT TIME ZONE 'Europe/Paris')::date::text`.as('statusSince'),
      ]);
    if (f.afterId) query = query.where('d.id', '<', f.afterId);
    return query.orderBy('d.id', 'desc').limit(f.limit).execute();
  },

  /** How many dossiers a list's filters select (an export's progress). */
  count: async (db: Executor, f: ListFilters) =>
    Number(
      (
        await db
          .selectFrom(filtered(dossierView(db), f).as('x'))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),

  countByStatus: (db: Executor, visibility: Visibility) => {
    let query = db
      .selectFrom('dossiers as d')
      .select([
        'd.status',
        (eb) => eb.fn.countAll<number>().as('count'),
        (eb) => eb.fn.sum<number>('d.estimatedCents').as('estimatedCents'),
        (eb) => eb.fn.sum<number>('d.obtainedCents').as('obtainedCents'),
      ])
      .groupBy('d.status');
    if (visibility !== 'all') {
      query =
        'companyId' in visibility
          ? query.where('d.companyId', '=', visibility.companyId)
          : query.where('d.expertId', '=', visibility.expertId);
    }
    return query.execute();
  },

  /** An entry of the dossier's timeline, at `createdAt`. */
  insertEvent: (db: Executor, row: Omit<Insertable<Database['dossierEvents']>, 'id'> & { createdAt: Date }) =>
    db
      .insertInto('dossierEvents')
      .values({ id: uuidv7(row.createdAt.getTime()), ...row })
      .execute(),

  timeline: (db: Executor, dossierId: string) =>
    db
      .selectFrom('dossierEvents as ev')
      .leftJoin('users as u', 'u.id', 'ev.actorId')
      .select([
        'ev.id',
        'ev.type',
        'ev.fromStatus',
        'ev.toStatus',
        'ev.note',
        'ev.createdAt',
        'u.id as actorId',
        'u.firstName as actorFirstName',
        'u.lastName as actorLastName',
        'u.role as actorRole',
      ])
      .where('ev.dossierId', '=', dossierId)
      .orderBy('ev.id', 'asc')
      .execute(),
};
