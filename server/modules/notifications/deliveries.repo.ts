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
   * Takes a due, pending delivery for one run, with what sending it needs, in one statement: its due time moves to
   * `leaseUntil`, so that no other run (a duplicate job, another instance, the sweep) takes it meanwhile; a crash
   * frees it then. `superseded`: a later delivery of the same notification on the same channel exists. `settings`:
   * the recipient's preferences row (undefined: every default).
   */
  claim: async (db: Executor, id: string, now: Date, leaseUntil: Date): Promise<ClaimedDelivery | null> => {
    // Once per e-mail or push sent: prepared.
    const { rows } = await prepared(sql<ClaimedRow>`
      WITH claimed AS (
        UPDATE notification_deliveries SET due_at = ${leaseUntil}
        WHERE id = ${id} AND status = 'pending' AND due_at <= ${now}
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
    const row = rows[0];
    if (!row) return null;
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
