import { type Insertable, type Selectable, sql } from 'kysely';
import { type Db, type Executor, preparedQuery } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';

export type ConversationRow = Selectable<Database['conversations']>;
export type ParticipantRow = Selectable<Database['conversationParticipants']>;
export type AttachmentRow = Selectable<Database['attachments']>;

const messageView = (db: Executor) =>
  db
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.senderId')
    .select([
      'm.id',
      'm.conversationId',
      'm.seq',
      'm.kind',
      'm.body',
      'm.senderId',
      'm.hasAttachments',
      'm.editedAt',
      'm.deletedAt',
      'm.createdAt',
      'u.firstName as senderFirstName',
      'u.lastName as senderLastName',
      'u.role as senderRole',
    ]);
export type MessageRow = NonNullable<Awaited<ReturnType<ReturnType<typeof messageView>['executeTakeFirst']>>>;

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

export type SearchFilters = {
  conversationIds: string[];
  query: string;
  senderId?: string;
  from?: Date;
  to?: Date;
  hasAttachment?: boolean;
  before?: { createdAt: Date; id: string };
  limit: number;
};

export const messagingRepo = {
  // ---- conversations and participants

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

  // ---- messages

  /**
   * Persists a message through `messaging_send` (one round trip; see the migration): the conversation row stays
   * locked until commit, so seq order is commit order. Null: no such conversation, or the sender is not in it.
   * `duplicate`: the sender already used this idempotency key, and this is the first message.
   */
  send: async (
    db: Executor,
    m: {
      id: string;
      conversationId: string;
      senderId: string | null;
      kind: 'text' | 'system';
      body: string;
      clientKey: string | null;
      hasAttachments: boolean;
      at: Date;
    },
  ) => {
    const { rows } = await sql<{ id: string; seq: number; createdAt: Date; duplicate: boolean }>`
      SELECT id, seq, created_at AS "createdAt", duplicate
      FROM messaging_send(${m.id}::uuid, ${m.conversationId}::uuid, ${m.senderId}::uuid, ${m.kind}, ${m.body},
                          ${m.clientKey}, ${m.hasAttachments}, ${m.at}::timestamptz)`.execute(db);
    return rows[0] ?? null;
  },

  findByClientKey: (db: Executor, conversationId: string, senderId: string, clientKey: string) =>
    messageView(db)
      .where('m.conversationId', '=', conversationId)
      .where('m.senderId', '=', senderId)
      .where('m.clientKey', '=', clientKey)
      .executeTakeFirst(),

  findMessage: (db: Executor, id: string) => messageView(db).where('m.id', '=', id).executeTakeFirst(),

  lockMessage: (db: Executor, id: string) =>
    db.selectFrom('messages').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

  updateMessage: (
    db: Executor,
    id: string,
    changes: { body: string; editedAt?: Date; deletedAt?: Date; hasAttachments?: boolean },
  ) => db.updateTable('messages').set(changes).where('id', '=', id).execute(),

  insertEdit: (db: Executor, row: Insertable<Database['messageEdits']>) =>
    db.insertInto('messageEdits').values(row).execute(),

  editsOf: (db: Executor, messageId: string) =>
    db
      .selectFrom('messageEdits as e')
      .leftJoin('users as u', 'u.id', 'e.editorId')
      .select([
        'e.id',
        'e.action',
        'e.previousBody',
        'e.createdAt',
        'e.editorId',
        'u.firstName',
        'u.lastName',
        'u.role',
      ])
      .where('e.messageId', '=', messageId)
      .orderBy('e.createdAt')
      .execute(),

  /** Newest first, below `before` (exclusive; from the newest without it), one more than `limit` (whether more remain). */
  historyBefore: (
    db: Executor,
    conversationId: string,
    readerId: string,
    before: number | undefined,
    limit: number,
  ) =>
    historyBeforeQuery(db, {
      conversationId,
      readerId,
      before: before ?? Number.MAX_SAFE_INTEGER,
      limit: fetchLimit(limit),
    }),

  /** Oldest first, above `afterSeq` (exclusive), one more than `limit`: what a reconnecting client missed. */
  historyAfter: (db: Executor, conversationId: string, readerId: string, afterSeq: number, limit: number) =>
    historyAfterQuery(db, { conversationId, readerId, afterSeq, limit: fetchLimit(limit) }),

  /** The latest message of each conversation. */
  lastMessages: (db: Executor, conversationIds: string[]) =>
    conversationIds.length === 0
      ? Promise.resolve([])
      : messageView(db)
          .innerJoin('conversations as c', (join) =>
            join.onRef('c.id', '=', 'm.conversationId').onRef('c.lastSeq', '=', 'm.seq'),
          )
          .where('c.id', 'in', conversationIds)
          .execute(),

  /** Moves a participant's read pointer forward (never back, never past the last message). */
  markRead: (db: Executor, conversationId: string, userId: string, seq: number, at: Date) =>
    db
      .updateTable('conversationParticipants as p')
      .from('conversations as c')
      .set({
        lastReadSeq: sql`greatest(p.last_read_seq, least(${seq}::bigint, c.last_seq))`,
        lastReadAt: at,
      })
      .whereRef('c.id', '=', 'p.conversationId')
      .where('p.conversationId', '=', conversationId)
      .where('p.userId', '=', userId)
      .where('p.leftAt', 'is', null)
      .returning(['p.lastReadSeq', 'c.lastSeq'])
      .executeTakeFirst(),

  // ---- attachments

  insertAttachment: (db: Executor, row: Insertable<Database['attachments']>) =>
    db.insertInto('attachments').values(row).execute(),

  /** Binds uploads of the sender, in this conversation and not yet sent, to a message. */
  bindAttachments: async (
    db: Executor,
    ids: string[],
    messageId: string,
    conversationId: string,
    uploaderId: string,
  ) =>
    (
      await db
        .updateTable('attachments')
        .set({ messageId })
        .where('id', 'in', ids)
        .where('conversationId', '=', conversationId)
        .where('uploaderId', '=', uploaderId)
        .where('messageId', 'is', null)
        .returning('id')
        .execute()
    ).length,

  attachmentsOf: (db: Executor, messageIds: string[]) =>
    messageIds.length === 0
      ? Promise.resolve([] as AttachmentRow[])
      : db
          .selectFrom('attachments')
          .selectAll()
          .where('messageId', 'in', messageIds)
          .orderBy('createdAt')
          .orderBy('id')
          .execute(),

  findAttachment: (db: Executor, id: string) =>
    db
      .selectFrom('attachments as a')
      .leftJoin('messages as m', 'm.id', 'a.messageId')
      .selectAll('a')
      .select('m.deletedAt as messageDeletedAt')
      .where('a.id', '=', id)
      .executeTakeFirst(),

  // ---- search

  expectedMatches,

  /**
   * Newest matches first, planned so that neither rare nor common words get slow over millions of messages: the
   * GIN index finds a rare word at once but must list every occurrence of a common one; walking messages newest
   * first (messages_recent_idx) meets a common word within a few rows but may read everything for a rare one.
   */
  search: (db: Db, f: SearchFilters) =>
    db.transaction().execute(async (trx) => {
      const tsquery = sql`messaging_search_query(${f.query})`;
      let matches = trx
        .selectFrom('messages as m')
        .select(['m.id', 'm.createdAt'])
        .where('m.conversationId', 'in', f.conversationIds)
        .where(sql<boolean>`m.body_tsv @@ ${tsquery}`)
        .where('m.deletedAt', 'is', null);
      if (f.senderId) matches = matches.where('m.senderId', '=', f.senderId);
      if (f.from) matches = matches.where('m.createdAt', '>=', f.from);
      if (f.to) matches = matches.where('m.createdAt', '<', f.to);
      if (f.hasAttachment !== undefined) matches = matches.where('m.hasAttachments', '=', f.hasAttachment);
      if (f.before) {
        matches = matches.where(sql<boolean>`(m.created_at, m.id) < (${f.before.createdAt}, ${f.before.id})`);
      }
      const byGinIndex = async () => {
        // Through the word index only (the planner cannot guess how rare an unseen word is).
        await sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(
          trx,
        );
        const candidates = await matches.limit(SEARCH_CANDIDATES).execute();
        await sql`SELECT set_config('enable_seqscan', 'on', true), set_config('enable_indexscan', 'on', true)`.execute(
          trx,
        );
        return candidates.length < SEARCH_CANDIDATES
          ? newestFirst(candidates).slice(0, fetchLimit(f.limit))
          : null;
      };
      // Too many matches to sort: the planner's newest-first plan reaches enough of them early.
      const ordered = () =>
        matches.orderBy('m.createdAt', 'desc').orderBy('m.id', 'desc').limit(fetchLimit(f.limit)).execute();
      let found: { id: string; createdAt: Date }[];
      if (f.conversationIds.length <= SEARCH_NARROW_SCOPE) {
        // A few conversations: the word index (conversation ids inside it) gives every match, sorted here.
        found = (await byGinIndex()) ?? (await ordered());
      } else {
        // Many conversations: words that many of their messages hold are met early walking the newest messages
        // (the planner's plan for `ordered`); rarer ones are cheap to list through the word index.
        const common = (await expectedMatches(trx, f.query, f.conversationIds)) >= SEARCH_CANDIDATES;
        found = common ? await ordered() : ((await byGinIndex()) ?? (await ordered()));
      }
      const ids = newestFirst(found)
        .slice(0, fetchLimit(f.limit))
        .map((m) => m.id);
      if (ids.length === 0) return [];
      const options = 'StartSel=[[, StopSel=]], MaxWords=30, MinWords=12';
      return messageView(trx)
        .innerJoin('conversations as c', 'c.id', 'm.conversationId')
        .select([
          'c.kind as conversationKind',
          // Highlighted with the accent-folding configuration, or with the plain one when only it matched.
          sql<string>`(SELECT CASE WHEN strpos(h.folded, '[[') > 0 THEN h.folded
              ELSE ts_headline('pg_catalog.french', m.body, ${tsquery}, ${options}) END
            FROM (SELECT ts_headline('public.messaging_french', m.body, ${tsquery}, ${options}) AS folded) h)`.as(
            'snippet',
          ),
        ])
        .where('m.id', 'in', ids)
        .orderBy('m.createdAt', 'desc')
        .orderBy('m.id', 'desc')
        .execute();
    }),
};

/**
 * Matches listed through the word index at most: with more, walking the newest messages costs less. Also the
 * number of expected matches from which a wide search walks first.
 */
const SEARCH_CANDIDATES = 2000;
/** Up to this many conversations, search starts with the word index; beyond, it asks how common the words are. */
const SEARCH_NARROW_SCOPE = 20;

/**
 * How many messages of these conversations should match, from PostgreSQL's statistics of the messages' words (the
 * most common lexemes and their frequencies, kept by ANALYZE): the product of the query's word frequencies times
 * the conversations' message count. A word the statistics do not list is rarer than all they list: 0.
 */
async function expectedMatches(db: Executor, query: string, conversationIds: string[]): Promise<number> {
  const { rows } = await sql<{ expected: number | null }>`
    SELECT CASE WHEN count(*) = 0 OR bool_or(f.freq IS NULL) THEN 0 ELSE exp(sum(ln(f.freq))) END
           * (SELECT coalesce(sum(c.last_seq), 0) FROM conversations c WHERE c.id = ANY(${conversationIds}::uuid[]))
           AS expected
    FROM unnest(tsvector_to_array(to_tsvector('public.messaging_french', ${query}))) AS l(lexeme)
    LEFT JOIN LATERAL (
      SELECT s.most_common_elem_freqs[array_position(s.most_common_elems::text::text[], l.lexeme)] AS freq
      FROM pg_stats s
      WHERE s.schemaname = current_schema() AND s.tablename = 'messages' AND s.attname = 'body_tsv'
    ) f ON true`.execute(db);
  return Number(rows[0]?.expected ?? 0);
}

const newestFirst = <T extends { id: string; createdAt: Date }>(rows: T[]) =>
  [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));

/** Messages of a conversation, only when `readerId` currently takes part in it (the check and the read in one query). */
function readable(query: ReturnType<typeof messageView>, conversationId: string, readerId: string) {
  return query
    .where('m.conversationId', '=', conversationId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('conversationParticipants as rp')
          .select(sql`1`.as('one'))
          .where('rp.conversationId', '=', conversationId)
          .where('rp.userId', '=', readerId)
          .where('rp.leftAt', 'is', null),
      ),
    );
}

type HistoryWindow = { conversationId: string; readerId: string; limit: number };

// Pages of a thread are the hottest read: built once, then only their values change.
const historyBeforeQuery = preparedQuery((db, p: HistoryWindow & { before: number }) =>
  readable(messageView(db), p.conversationId, p.readerId)
    .where('m.seq', '<', p.before)
    .orderBy('m.seq', 'desc')
    .limit(p.limit),
);

const historyAfterQuery = preparedQuery((db, p: HistoryWindow & { afterSeq: number }) =>
  readable(messageView(db), p.conversationId, p.readerId)
    .where('m.seq', '>', p.afterSeq)
    .orderBy('m.seq', 'asc')
    .limit(p.limit),
);

/** Messages after the reader's read pointer that others wrote and nobody deleted: a range scan of (conversation, seq). */
function unreadCount(userId: string) {
  return sql<number>`CASE WHEN c.last_seq <= p.last_read_seq THEN 0 ELSE (
    SELECT count(*)::int FROM messages um
    WHERE um.conversation_id = c.id AND um.seq > p.last_read_seq AND um.deleted_at IS NULL
      AND um.sender_id IS DISTINCT FROM ${userId}::uuid) END`;
}
