import type { Insertable } from 'kysely';
import type { Executor } from '../db/pool.ts';
import type { Database } from '../db/schema.ts';

/** The mailer's own rows: every e-mail the platform sends or keeps in the outbox. */
export const emailMessagesRepo = {
  /** The new row's id, or undefined when an e-mail with this idempotency key exists already. */
  insertUnlessKeyTaken: async (db: Executor, row: Insertable<Database['emailMessages']>) =>
    (
      await db
        .insertInto('emailMessages')
        .values(row)
        .onConflict((oc) => oc.column('idempotencyKey').doNothing())
        .returning('id')
        .executeTakeFirst()
    )?.id,

  idOfKey: async (db: Executor, idempotencyKey: string) =>
    (
      await db
        .selectFrom('emailMessages')
        .select('id')
        .where('idempotencyKey', '=', idempotencyKey)
        .executeTakeFirstOrThrow()
    ).id,

  /**
   * The e-mail, locked for this transaction, while it still waits to be sent; undefined once sent, failed or kept in
   * the outbox, or while another worker holds it (SKIP LOCKED): whoever holds the lock is the only one sending it.
   */
  lockQueued: (db: Executor, id: string) =>
    db
      .selectFrom('emailMessages')
      .select(['id', 'toAddress', 'subject', 'html', 'text', 'headers', 'attachments', 'createdAt'])
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .forUpdate()
      .skipLocked()
      .executeTakeFirst(),

  status: async (db: Executor, id: string) =>
    (await db.selectFrom('emailMessages').select('status').where('id', '=', id).executeTakeFirst())?.status,

  markSent: (db: Executor, id: string, smtpMessageId: string, at: Date) =>
    db
      .updateTable('emailMessages')
      .set((eb) => ({
        status: 'sent',
        attempts: eb('attempts', '+', 1),
        lastError: null,
        smtpMessageId,
        sentAt: at,
      }))
      .where('id', '=', id)
      .execute(),

  /** A failed attempt: still queued for the next retry, or failed for good after the last one. */
  markAttemptFailed: (db: Executor, id: string, error: string, status: 'queued' | 'failed') =>
    db
      .updateTable('emailMessages')
      .set((eb) => ({ status, attempts: eb('attempts', '+', 1), lastError: error }))
      .where('id', '=', id)
      .execute(),
};
