import { type Insertable, sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';

/** A conversation as its list and detail show it (`c` the conversation, `p` the reader, `d` its dossier). */
const conversationColumns = [
  'c.id',
  'c.kind',
  'c.dossierId',
  'c.lastSeq',
  'c.lastMessageAt',
  'c.createdAt',
  'p.lastReadSeq',
  'd.reference as dossierReference',
  'd.productCode as dossierProductCode',
] as const;

export const conversationsRepo = {
  findConversation: (db: Executor, id: string) =>
    db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst(),

  findByDossier: (db: Executor, dossierId: string) =>
    db.selectFrom('conversations').selectAll().where('dossierId', '=', dossierId).executeTakeFirst(),

  findByDirectKey: (db: Executor, key: string) =>
    db.selectFrom('conversations').selectAll().where('directKey', '=', key).executeTakeFirst(),

  /** Inserts unless one exists for the same dossier or pair (concurrent creators meet on the unique keys). */
  insertConversation: (db: Executor, row: Insertable<Database['conversations']>) =>
    db
      .insertInto('conversations')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst(),

  /** Adds people, or brings back those who had left; returns who was not already a current participant. */
  addParticipants: async (
    db: Executor,
    conversationId: string,
    people: { userId: string; role: 'client' | 'expert' | 'admin' }[],
    at: Date,
  ): Promise<string[]> => {
    if (people.length === 0) return [];
    const rows = await db
      .insertInto('conversationParticipants')
      .values(people.map((p) => ({ conversationId, userId: p.userId, role: p.role, joinedAt: at })))
      .onConflict((oc) =>
        oc
          .columns(['conversationId', 'userId'])
          .doUpdateSet({ leftAt: null, joinedAt: at })
          .where('conversationParticipants.leftAt', 'is not', null),
      )
      .returning('userId')
      .execute();
    return rows.map((r) => r.userId);
  },

  leave: (db: Executor, conversationId: string, userId: string, at: Date) =>
    db
      .updateTable('conversationParticipants')
      .set({ leftAt: at })
      .where('conversationId', '=', conversationId)
      .where('userId', '=', userId)
      .where('leftAt', 'is', null)
      .returning('userId')
      .executeTakeFirst(),

  findParticipant: (db: Executor, conversationId: string, userId: string) =>
    db
      .selectFrom('conversationParticipants')
      .selectAll()
      .where('conversationId', '=', conversationId)
      .where('userId', '=', userId)
      .where('leftAt', 'is', null)
      .executeTakeFirst(),

  participantsOf: (db: Executor, conversationIds: string[]) =>
    conversationIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('conversationParticipants as p')
          .innerJoin('users as u', 'u.id', 'p.userId')
          .select([
            'p.conversationId',
            'p.userId',
            'p.lastReadSeq',
            'p.joinedAt',
            'u.firstName',
            'u.lastName',
            'u.role',
          ])
          .where('p.conversationId', 'in', conversationIds)
          .where('p.leftAt', 'is', null)
          .orderBy('p.joinedAt')
          .execute(),

  conversationIdsOf: async (db: Executor, userId: string): Promise<string[]> =>
    (
      await db
        .selectFrom('conversationParticipants')
        .select('conversationId')
        .where('userId', '=', userId)
        .where('leftAt', 'is', null)
        .execute()
    ).map((r) => r.conversationId),

  /** Users among `userIds` who share a current conversation with `userId`. */
  contactsAmong: async (db: Executor, userId: string, userIds: string[]): Promise<string[]> => {
    if (userIds.length === 0) return [];
    const rows = await db
      .selectFrom('conversationParticipants as mine')
      .innerJoin('conversationParticipants as theirs', 'theirs.conversationId', 'mine.conversationId')
      .select('theirs.userId')
      .distinct()
      .where('mine.userId', '=', userId)
      .where('mine.leftAt', 'is', null)
      .where('theirs.leftAt', 'is', null)
      .where('theirs.userId', 'in', userIds)
      .execute();
    return rows.map((r) => r.userId);
  },

  /** The user's conversations by latest activity, with their unread count (keyset pagination). */
  listForUser: (
    db: Executor,
    userId: string,
    options: { limit: number; after?: { activityAt: Date; id: string } },
  ) => {
    let query = db
      .selectFrom('conversationParticipants as p')
      .innerJoin('conversations as c', 'c.id', 'p.conversationId')
      .leftJoin('dossiers as d', 'd.id', 'c.dossierId')
      .select([
        ...conversationColumns,
        sql<Date>`coalesce(c.last_message_at, c.created_at)`.as('activityAt'),
        unreadCount(userId).as('unread'),
      ])
      .where('p.userId', '=', userId)
      .where('p.leftAt', 'is', null);
    if (options.after) {
      const { activityAt, id } = options.after;
      query = query.where(
        sql<boolean>`(coalesce(c.last_message_at, c.created_at), c.id) < (${activityAt}, ${id})`,
      );
    }
    return query
      .orderBy(sql`coalesce(c.last_message_at, c.created_at)`, 'desc')
      .orderBy('c.id', 'desc')
      .limit(fetchLimit(options.limit))
      .execute();
  },

  /** One conversation as a given reader sees it (the reader may not take part: an admin before joining). */
  conversationFor: (db: Executor, conversationId: string, userId: string) =>
    db
      .selectFrom('conversations as c')
      .leftJoin('conversationParticipants as p', (join) =>
        join.onRef('p.conversationId', '=', 'c.id').on('p.userId', '=', userId).on('p.leftAt', 'is', null),
      )
      .leftJoin('dossiers as d', 'd.id', 'c.dossierId')
      .select([
        ...conversationColumns,
        sql<number>`CASE WHEN p.user_id IS NULL THEN 0 ELSE ${unreadCount(userId)} END`.as('unread'),
      ])
      .where('c.id', '=', conversationId)
      .executeTakeFirst(),

  /** Unread messages per current conversation of the user (those with none are left out). */
  unreadByConversation: (db: Executor, userId: string) =>
    db
      .selectFrom('conversationParticipants as p')
      .innerJoin('conversations as c', 'c.id', 'p.conversationId')
      .select(['c.id as conversationId', unreadCount(userId).as('unread')])
      .where('p.userId', '=', userId)
      .where('p.leftAt', 'is', null)
      .where(sql<boolean>`c.last_seq > p.last_read_seq`)
      .execute(),

  // ---- people

  person: (db: Executor, userId: string) =>
    db
      .selectFrom('users')
      .select(['id', 'firstName', 'lastName', 'role'])
      .where('id', '=', userId)
      .executeTakeFirst(),

  /** Who a direct conversation would be with: their role, and whether they may still take part. */
  interlocutor: (db: Executor, userId: string) =>
    db.selectFrom('users').select(['id', 'role', 'status']).where('id', '=', userId).executeTakeFirst(),
};

/** A conversation as a reader sees it (`lastReadSeq` null: the reader does not take part). */
export type ConversationView = NonNullable<
  Awaited<ReturnType<(typeof conversationsRepo)['conversationFor']>>
>;
export type ParticipantView = Awaited<ReturnType<(typeof conversationsRepo)['participantsOf']>>[number];

/** Messages after the reader's read pointer that others wrote and nobody deleted: a range scan of (conversation, seq). */
function unreadCount(userId: string) {
  return sql<number>`CASE WHEN c.last_seq <= p.last_read_seq THEN 0 ELSE (
    SELECT count(*)::int FROM messages um
    WHERE um.conversation_id = c.id AND um.seq > p.last_read_seq AND um.deleted_at IS NULL
      AND um.sender_id IS DISTINCT FROM ${userId}::uuid) END`;
}
