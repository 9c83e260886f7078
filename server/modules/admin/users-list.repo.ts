import { type RawBuilder, sql } from 'kysely';
import type { AdminUserListQuery, AdminUserSort } from '../../../common/admin-users.ts';
import type { Executor } from '../../db/pool.ts';
import { fetchLimit } from '../../platform/cursor.ts';

export type UserListFilters = Omit<AdminUserListQuery, 'cursor' | 'q'> & {
  /** The words typed, each matched as the start of a word (already cut into letters and digits). */
  words: string[];
  /** The sort key of the last row served: its sort column's value and its id. */
  after?: readonly [string, string];
};

/**
 * How each order sorts, and its key: the column, then the user id of the same table, so that each order reads its own
 * index. Times are keyed by their exact text (microseconds): a key rounded to the millisecond would skip or repeat
 * rows created within the same millisecond.
 */
type Order = {
  column: RawBuilder<unknown>;
  id: RawBuilder<unknown>;
  direction: 'asc' | 'desc';
  time: boolean;
};
const orders: Record<AdminUserSort, Order> = {
  newest: { column: sql`u.created_at`, id: sql`u.id`, direction: 'desc', time: true },
  oldest: { column: sql`u.created_at`, id: sql`u.id`, direction: 'asc', time: true },
  name: { column: sql`s.sort_name`, id: sql`s.user_id`, direction: 'asc', time: false },
  lastActivity: { column: sql`s.last_activity_at`, id: sql`s.user_id`, direction: 'desc', time: true },
};

const exactTime = (column: RawBuilder<unknown>) =>
  sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The first instant of a Paris day (an ISO date). */
const parisMidnight = (day: string, plusDays = 0) =>
  sql`((${day}::date + ${plusDays}::int)::timestamp AT TIME ZONE 'Europe/Paris')`;

export const usersListRepo = {
  list: (db: Executor, f: UserListFilters) => {
    const order = orders[f.sort];
    let query = db
      .selectFrom('users as u')
      .innerJoin('adminUserSearch as s', 's.userId', 'u.id')
      .leftJoin('companies as c', 'c.id', 'u.companyId')
      .leftJoin('expertProfiles as ep', 'ep.userId', 'u.id')
      .select([
        'u.id',
        'u.email',
        'u.role',
        'u.status',
        'u.firstName',
        'u.lastName',
        'u.createdAt',
        'u.emailVerifiedAt',
        'c.name as companyName',
        'ep.specialties',
        's.lastActivityAt',
        (order.time ? exactTime(order.column) : sql<string>`${order.column}`).as('sortKey'),
      ]);
    if (f.role) query = query.where('u.role', '=', f.role);
    if (f.status) query = query.where('u.status', '=', f.status);
    if (f.words.length) {
      const tsquery = f.words.map((word) => `${word}:*`).join(' & ');
      query = query.where(sql<boolean>`s.document @@ to_tsquery('public.admin_user_search', ${tsquery})`);
    }
    // Region and product as sets of ids, each read once (hashed), tested on the users' rows before any join: a
    // region or product few users have does not join every user to its company and profile first.
    if (f.region) {
      const region = f.region;
      query = query.where((eb) =>
        eb.or([
          eb('u.companyId', 'in', eb.selectFrom('companies').select('id').where('region', '=', region)),
          eb(
            'u.id',
            'in',
            eb.selectFrom('expertProfiles').select('userId').where(sql<boolean>`${region} = ANY (regions)`),
          ),
        ]),
      );
    }
    if (f.product) {
      const product = f.product;
      query = query.where((eb) =>
        eb.or([
          eb(
            'u.id',
            'in',
            eb
              .selectFrom('expertProfiles')
              .select('userId')
              .where(sql<boolean>`${product} = ANY (specialties)`),
          ),
          eb(
            'u.companyId',
            'in',
            eb.selectFrom('dossiers').select('companyId').where('productCode', '=', product),
          ),
        ]),
      );
    }
    if (f.createdFrom) query = query.where(sql<boolean>`u.created_at >= ${parisMidnight(f.createdFrom)}`);
    if (f.createdTo) query = query.where(sql<boolean>`u.created_at < ${parisMidnight(f.createdTo, 1)}`);
    if (f.after) {
      const [key, id] = f.after;
      const value = order.time ? sql`${key}::timestamptz` : sql`${key}`;
      const operator = sql.raw(order.direction === 'desc' ? '<' : '>');
      query = query.where(sql<boolean>`(${order.column}, ${order.id}) ${operator} (${value}, ${id}::uuid)`);
    }
    return query
      .orderBy(order.column, order.direction)
      .orderBy(order.id, order.direction)
      .limit(fetchLimit(f.limit))
      .execute();
  },
};
