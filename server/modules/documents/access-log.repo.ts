import { type Insertable, sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';

export type AccessLogInsert = Insertable<Database['documentAccessLog']>;

/** Who viewed or downloaded which version of a document, when, from where. */
export const accessLogRepo = {
  insert: (db: Executor, row: AccessLogInsert) => db.insertInto('documentAccessLog').values(row).execute(),

  /** The document's entries, newest first, after the (at, id) of the previous page's last entry. */
  page: (db: Executor, documentId: string, limit: number, after?: readonly [Date, string]) => {
    let query = db
      .selectFrom('documentAccessLog as l')
      .leftJoin('users as u', 'u.id', 'l.userId')
      .leftJoin('documentVersions as v', 'v.id', 'l.versionId')
      .select([
        'l.id',
        'l.versionId',
        'v.version',
        'l.userId',
        sql<string | null>`u.first_name || ' ' || u.last_name`.as('userName'),
        'l.action',
        'l.via',
        'l.ip',
        'l.at',
      ])
      .where('l.documentId', '=', documentId);
    if (after) {
      const [at, id] = after;
      query = query.where((eb) => eb(eb.refTuple('l.at', 'l.id'), '<', eb.tuple(at, id)));
    }
    return query.orderBy('l.at', 'desc').orderBy('l.id', 'desc').limit(fetchLimit(limit)).execute();
  },
};

export type AccessLogRow = Awaited<ReturnType<typeof accessLogRepo.page>>[number];
