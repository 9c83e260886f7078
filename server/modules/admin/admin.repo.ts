import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';

export type UserListFilters = {
  role?: Database['users']['role'];
  status?: Database['users']['status'];
  q?: string;
  afterId?: string;
  limit: number;
};

export const adminRepo = {
  listUsers: (db: Executor, f: UserListFilters) => {
    let query = db
      .selectFrom('users as u')
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
      ]);
    if (f.role) query = query.where('u.role', '=', f.role);
    if (f.status) query = query.where('u.status', '=', f.status);
    if (f.q) {
      const pattern = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      query = query.where((eb) =>
        eb.or([
          eb('u.email', 'ilike', pattern),
          eb(sql`unaccent(u.first_name || ' ' || u.last_name)`, 'ilike', sql`unaccent(${pattern})`),
          eb(sql`unaccent(c.name)`, 'ilike', sql`unaccent(${pattern})`),
        ]),
      );
    }
    if (f.afterId) query = query.where('u.id', '<', f.afterId);
    return query.orderBy('u.id', 'desc').limit(fetchLimit(f.limit)).execute();
  },
};
