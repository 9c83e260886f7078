import { type Insertable, sql } from 'kysely';
import { type Executor, prepared, preparedQuery } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';

/** A message with its sender's name and role (`m` the message): what every message read starts from. */
export const messageView = (db: Executor) =>
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
export type MessageRow = RowOf<typeof messageView>;

export type MessageToSend = {
  id: string;
  conversationId: string;
  senderId: string | null;
  kind: 'text' | 'system';
  body: string;
  clientKey: string | null;
  hasAttachments: boolean;
  at: Date;
};

export type SentMessage = {
  id: string;
  seq: number;
  createdAt: Date;
  duplicate: boolean;
  dossierId: string | null;
};

const byConversation = (a: MessageToSend, b: MessageToSend) =>
  a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0;

export type EditRow = Awaited<ReturnType<(typeof messagesRepo)['editsOf']>>[number];

export const messagesRepo = {
  /**
   * Persists a message through `messaging_send` (see the migration): the conversation row stays locked until commit,
   * so seq order is commit order. Null: no such conversation, or the sender is not in it. `duplicate`: the sender
   * already used this idempotency key, and this is the first message. `dossierId`: the conversation's dossier, null
   * for a direct conversation.
   */
  send: async (db: Executor, m: MessageToSend) => (await messagesRepo.sendMany(db, [m]))[0] ?? null,

  /**
   * `send` for several messages in one statement, hence one commit, each seeing the ones before it (a key used
   * twice in the group is a duplicate the second time). Conversations are locked in id order, so that two servers'
   * groups cannot deadlock; the messages of one conversation keep their order. One result per message, in order.
   */
  sendMany: async (db: Executor, messages: MessageToSend[]) => {
    const order = messages
      .map((_, i) => i)
      .sort((a, b) => byConversation(messages[a]!, messages[b]!) || a - b);
    const column = <K extends keyof MessageToSend>(key: K) => order.map((i) => messages[i]![key]);
    // Prepared, its lists walked by subscript so that it keeps one plan (see `prepared`).
    const { rows } = await prepared(sql<SentMessage & { position: number }>`
      SELECT i AS position, r.id, r.seq, r.created_at AS "createdAt", r.duplicate, r.dossier_id AS "dossierId"
      FROM (SELECT ${column('id')}::uuid[] AS id, ${column('conversationId')}::uuid[] AS conversation_id,
                   ${column('senderId')}::uuid[] AS sender_id, ${column('kind')}::text[] AS kind,
                   ${column('body')}::text[] AS body, ${column('clientKey')}::text[] AS client_key,
                   ${column('hasAttachments')}::boolean[] AS has_attachments, ${column('at')}::timestamptz[] AS at) s
      CROSS JOIN LATERAL generate_subscripts(s.id, 1) AS i
      CROSS JOIN LATERAL messaging_send(s.id[i], s.conversation_id[i], s.sender_id[i], s.kind[i], s.body[i],
                                        s.client_key[i], s.has_attachments[i], s.at[i]) r`).execute(db);
    const sent: (SentMessage | null)[] = messages.map(() => null);
    for (const { position, ...row } of rows) sent[order[position - 1]!] = row;
    return sent;
  },

  findMessage: (db: Executor, id: string) => messageView(db).where('m.id', '=', id).executeTakeFirst(),

  findMessages: (db: Executor, ids: readonly string[]) =>
    ids.length === 0 ? Promise.resolve([]) : messageView(db).where('m.id', 'in', ids).execute(),

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

  /**
   * Who wrote the latest message of a dossier's conversation (system and deleted messages aside); undefined when the
   * dossier has no conversation, null sender when nobody wrote yet.
   */
  lastWordInDossier: async (db: Executor, dossierId: string) =>
    (await lastWordQuery(db, { id: dossierId }))[0],

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
};

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

/**
 * A dossier's conversation with its last text message's sender, their role and its time (null when nobody wrote).
 * Read after every message and every step entered (the SLA clock's pauses): prepared.
 */
const lastWordQuery = preparedQuery((db, p: { id: string }) =>
  db
    .selectFrom('conversations as c')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('messages as m')
          .innerJoin('users as u', 'u.id', 'm.senderId')
          .select(['m.senderId', 'u.role as senderRole', 'm.createdAt'])
          .whereRef('m.conversationId', '=', 'c.id')
          .where('m.kind', '=', 'text')
          .where('m.deletedAt', 'is', null)
          .orderBy('m.seq', 'desc')
          .limit(1)
          .as('last'),
      (join) => join.onTrue(),
    )
    .select(['last.senderId', 'last.senderRole', 'last.createdAt'])
    .where('c.kind', '=', 'dossier')
    .where('c.dossierId', '=', p.id),
);

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
