import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';

export type AttachmentRow = Selectable<Database['attachments']>;

export const attachmentsRepo = {
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

  /** The attachments shown with these messages (a deleted message shows none). */
  shownWith: (db: Executor, messages: { id: string; hasAttachments: boolean; deletedAt: Date | null }[]) =>
    attachmentsRepo.attachmentsOf(
      db,
      messages.filter((m) => m.hasAttachments && !m.deletedAt).map((m) => m.id),
    ),

  findAttachment: (db: Executor, id: string) =>
    db
      .selectFrom('attachments as a')
      .leftJoin('messages as m', 'm.id', 'a.messageId')
      .selectAll('a')
      .select('m.deletedAt as messageDeletedAt')
      .where('a.id', '=', id)
      .executeTakeFirst(),

  /** Bytes of the attachments `userId` uploaded and that are still stored, sent or not. */
  storedBytes: async (db: Executor, userId: string): Promise<number> => {
    const row = await db
      .selectFrom('attachments')
      .select(sql<string>`coalesce(sum(size_bytes), 0)`.as('bytes'))
      .where('uploaderId', '=', userId)
      .executeTakeFirst();
    return Number(row?.bytes ?? 0);
  },

  /** Serialises the uploads of one user until the transaction ends (the quota's exact check). */
  lockUploads: async (trx: Executor, uploaderId: string): Promise<void> => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`attachment-quota:${uploaderId}`}, 0))`.execute(
      trx,
    );
  },

  /** Removes uploads that no message carried, created before `olderThan`; answers their storage keys. */
  deleteUnsent: (db: Executor, olderThan: Date) =>
    db
      .deleteFrom('attachments')
      .where('messageId', 'is', null)
      .where('createdAt', '<', olderThan)
      .returning('storageKey')
      .execute(),
};
