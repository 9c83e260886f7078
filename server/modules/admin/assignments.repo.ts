import { sql } from 'kysely';
import type { ExpertLoadSort } from '../../../common/admin-assignments.ts';
import type { Executor } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import { fetchLimit } from '../../platform/cursor.ts';

/** Active dossiers per unit of capacity; an expert without capacity counts as one, so that any load ranks high. */
const loadRatio = sql<string>`round(p.active_load::numeric / greatest(p.capacity, 1), 4)`;

/** The sort key after which a page starts: (eligible since | requested at, id). */
export type TimeCursor = { at: Date; id: string };

/** The sort key after which a page of experts starts, for its sort. */
export type LoadCursor =
  | { sort: 'load_desc' | 'load_asc'; ratio: string | number; id: string }
  | { sort: 'name'; lastName: string; firstName: string; id: string };

export type ExpertLoadFilters = {
  sort: ExpertLoadSort;
  productCode?: string;
  region?: string;
  after?: LoadCursor;
  limit: number;
};

const expertLoadView = (db: Executor) =>
  db
    .selectFrom('expertProfiles as p')
    .innerJoin('users as u', 'u.id', 'p.userId')
    .select([
      'u.id',
      'u.firstName',
      'u.lastName',
      'u.email',
      'p.specialties',
      'p.regions',
      'p.activeLoad',
      'p.capacity',
      loadRatio.as('loadRatio'),
    ])
    .where('u.role', '=', 'expert')
    .where('u.status', '=', 'active');

export type ExpertLoadRow = RowOf<typeof expertLoadView>;

export const assignmentsRepo = {
  /** Eligible dossiers with no expert and no open request, longest waiting first (since their last eligibility). */
  unassigned: (db: Executor, q: { after?: TimeCursor; limit: number }) => {
    let query = db
      .selectFrom('dossiers as d')
      .innerJoin('companies as c', 'c.id', 'd.companyId')
      .innerJoin('products as pr', 'pr.code', 'd.productCode')
      .select([
        'd.id',
        'd.reference',
        'd.estimatedCents',
        'd.statusChangedAt',
        'pr.code as productCode',
        'pr.name as productName',
        'c.id as companyId',
        'c.name as companyName',
        'c.region as companyRegion',
      ])
      .where('d.status', '=', 'eligible')
      .where('d.expertId', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('expertRequests as r')
              .select('r.id')
              .whereRef('r.dossierId', '=', 'd.id')
              .where('r.status', '=', 'requested'),
          ),
        ),
      );
    if (q.after) {
      const { at, id } = q.after;
      query = query.where(sql<boolean>`(d.status_changed_at, d.id) > (${at}, ${id})`);
    }
    return query
      .orderBy('d.statusChangedAt', 'asc')
      .orderBy('d.id', 'asc')
      .limit(fetchLimit(q.limit))
      .execute();
  },

  /** Expert requests awaiting an answer, oldest (closest to or past its deadline) first. */
  pendingRequests: (db: Executor, q: { after?: TimeCursor; limit: number }) => {
    let query = db
      .selectFrom('expertRequests as r')
      .innerJoin('dossiers as d', 'd.id', 'r.dossierId')
      .innerJoin('products as pr', 'pr.code', 'd.productCode')
      .innerJoin('companies as c', 'c.id', 'r.companyId')
      .innerJoin('users as e', 'e.id', 'r.expertId')
      .select([
        'r.id',
        'r.createdAt',
        'd.id as dossierId',
        'd.reference',
        'pr.code as productCode',
        'pr.name as productName',
        'c.id as companyId',
        'c.name as companyName',
        'c.region as companyRegion',
        'e.id as expertId',
        'e.firstName as expertFirstName',
        'e.lastName as expertLastName',
      ])
      .where('r.status', '=', 'requested');
    if (q.after) {
      const { at, id } = q.after;
      query = query.where(sql<boolean>`(r.created_at, r.id) > (${at}, ${id})`);
    }
    return query.orderBy('r.createdAt', 'asc').orderBy('r.id', 'asc').limit(fetchLimit(q.limit)).execute();
  },

  /** Approved, active experts with their load, in the order asked. */
  expertLoads: (db: Executor, f: ExpertLoadFilters) => {
    let query = expertLoadView(db);
    if (f.productCode) query = query.where(sql<boolean>`p.specialties @> ARRAY[${f.productCode}]::text[]`);
    if (f.region) query = query.where(sql<boolean>`p.regions @> ARRAY[${f.region}]::text[]`);
    const after = f.after;
    if (after?.sort === 'name') {
      query = query.where(
        sql<boolean>`(u.last_name, u.first_name, u.id) > (${after.lastName}, ${after.firstName}, ${after.id})`,
      );
    } else if (after) {
      const direction = after.sort === 'load_desc' ? sql`<` : sql`>`;
      query = query.where(
        sql<boolean>`(${loadRatio}, u.id) ${direction} (${after.ratio}::numeric, ${after.id})`,
      );
    }
    const ordered =
      f.sort === 'name'
        ? query.orderBy('u.lastName').orderBy('u.firstName').orderBy('u.id')
        : query
            .orderBy(loadRatio, f.sort === 'load_desc' ? 'desc' : 'asc')
            .orderBy('u.id', f.sort === 'load_desc' ? 'desc' : 'asc');
    return ordered.limit(fetchLimit(f.limit)).execute();
  },
};
