import { sql, type Updateable } from 'kysely';
import { type Executor, prepared } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import { type JoinedSettings, joinedSettings, joinedSettingsColumns } from './preferences.repo.ts';
import type { SettingsRow } from './preferences.ts';

type ClaimedRow = JoinedSettings & {
  id: string;
  recipientId: string;
  eventKey: string;
  channel: 'email' | 'push';
  attempts: number;
  notificationId: string;
  type: string;
  data: Record<string, unknown>;
  link: string;
  groupCount: number;
  readAt: Date | null;
  superseded: boolean;
};

/** See `deliveriesRepo.claim`. */
export type ClaimedDelivery = Pick<ClaimedRow, 'id' | 'recipientId' | 'eventKey' | 'channel' | 'attempts'> & {
  notification: Pick<ClaimedRow, 'type' | 'data' | 'link' | 'groupCount' | 'readAt' | 'superseded'> & {
    id: string;
  };
  settings: SettingsRow | undefined;
};

export const deliveriesRepo = {
  /**
   * Takes the due, pending deliveries among `ids` for one run, with what sending them needs, in one statement: their
   * due time moves to `leaseUntil`, so that no other run (a duplicate job, another instance, the sweep) takes them
   * meanwhile; a crash frees them then. `superseded`: a later delivery of the same notification on the same channel
   * exists. `settings`: the recipient's preferences row (undefined: every default). In the order of `ids`.
   */
  claim: async (
    db: Executor,
    ids: readonly string[],
    now: Date,
    leaseUntil: Date,
  ): Promise<ClaimedDelivery[]> => {
    // Once per job of deliveries: prepared, one text whatever the number of ids.
    const { rows } = await prepared(sql<ClaimedRow>`
      WITH claimed AS (
        UPDATE notification_deliveries SET due_at = ${leaseUntil}
        WHERE id = ANY(${ids}::uuid[]) AND status = 'pending' AND due_at <= ${now}
        RETURNING id, notification_id, recipient_id, event_key, channel, attempts, created_at
      )
      SELECT c.id, c.recipient_id, c.event_key, c.channel, c.attempts,
        n.id AS notification_id, n.type, n.data, n.link, n.group_count, n.read_at,
        EXISTS (SELECT 1 FROM notification_deliveries later
          WHERE later.notification_id = n.id AND later.channel = c.channel
            AND (later.created_at, later.id) > (c.created_at, c.id)) AS superseded,
        ${joinedSettingsColumns}
      FROM claimed c
      JOIN notifications n ON n.id = c.notification_id
      LEFT JOIN notification_settings s ON s.user_id = c.recipient_id`).execute(db);
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows
      .toSorted((a, b) => order.get(a.id)! - order.get(b.id)!)
      .map((row) => {
        const { notificationId, type, data, link, groupCount, readAt, superseded } = row;
        return {
          id: row.id,
          recipientId: row.recipientId,
          eventKey: row.eventKey,
          channel: row.channel,
          attempts: row.attempts,
          notification: { id: notificationId, type, data, link, groupCount, readAt, superseded },
          settings: joinedSettings(row),
        };
      });
  },

  /** Records how runs ended, the same way for every one of `ids`; only deliveries still pending change (idempotent). */
  finish: (db: Executor, ids: readonly string[], changes: Updateable<Database['notificationDeliveries']>) =>
    db
      .updateTable('notificationDeliveries')
      .set(changes)
      .where('id', 'in', ids)
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
