import { sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';

export const deliveriesRepo = {
  /**
   * Takes a due, pending delivery for one run, with what sending it needs: its due time moves to `leaseUntil`, so
   * that no other run (a duplicate job, another instance, the sweep) takes it meanwhile; a crash frees it then.
   * `superseded`: a later delivery of the same notification on the same channel exists.
   */
  claim: async (db: Executor, id: string, now: Date, leaseUntil: Date) => {
    const claimed = await db
      .updateTable('notificationDeliveries')
      .set({ dueAt: leaseUntil })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('dueAt', '<=', now)
      .returning(['id', 'notificationId', 'recipientId', 'eventKey', 'channel', 'attempts', 'createdAt'])
      .executeTakeFirst();
    if (!claimed) return null;
    const notification = await db
      .selectFrom('notifications as n')
      .select(['n.id', 'n.type', 'n.data', 'n.link', 'n.groupCount', 'n.readAt'])
      .select(({ exists, selectFrom }) =>
        exists(
          selectFrom('notificationDeliveries as later')
            .select(sql`1`.as('one'))
            .whereRef('later.notificationId', '=', 'n.id')
            .where('later.channel', '=', claimed.channel)
            .where(sql<boolean>`(later.created_at, later.id) > (${claimed.createdAt}, ${claimed.id}::uuid)`),
        ).as('superseded'),
      )
      .where('n.id', '=', claimed.notificationId)
      .executeTakeFirstOrThrow();
    return { ...claimed, notification };
  },

  /** Records how a run ended; only a delivery still pending changes (idempotent). */
  finish: (db: Executor, id: string, changes: Updateable<Database['notificationDeliveries']>) =>
    db
      .updateTable('notificationDeliveries')
      .set(changes)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute(),

  /** Pending deliveries due since before `before`, oldest first: those whose job should have run long ago. */
  overdue: async (db: Executor, before: Date, limit: number): Promise<string[]> =>
    (
      await db
        .selectFrom('notificationDeliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('dueAt', '<=', before)
        .orderBy('dueAt')
        .limit(limit)
        .execute()
    ).map((r) => r.id),
};
