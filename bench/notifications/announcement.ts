import { sql } from 'kysely';
import type { NotificationLive } from '../../common/notifications.ts';
import type { Db } from '../../server/db/pool.ts';
import type { ClientSocket } from '../../tests/support/socket-client.ts';
import { round2 } from '../support.ts';
import { waitFor } from './floor.ts';

const seconds = (from: number, to: number | null) => (to === null ? null : round2((to - from) / 1000));

/**
 * An announcement to every account, sent now through the admin API: seconds from the request until it is stored
 * for every recipient (its recipient count is set), until each connected socket got its `notification:new`, and until
 * every e-mail job is queued (it turns `sent`), polled every 20 ms; then until every e-mail delivery due is done (its
 * e-mail in the outbox; those held by quiet hours apart), and how many a second from the jobs' queueing on, polled
 * every 250 ms.
 */
export async function announcementToAll(port: number, db: Db, adminToken: string, sockets: ClientSocket[]) {
  const arrivals: (number | null)[] = sockets.map(() => null);
  const handlers = sockets.map((socket, k) => {
    const handler = (live: NotificationLive) => {
      if (live.notification.type === 'announcement' && arrivals[k] === null) arrivals[k] = performance.now();
    };
    socket.on('notification:new', handler);
    return handler;
  });
  console.log('Announcement to every account…');
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/admin/announcements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      titleFr: 'Nouvelle version de la plateforme',
      bodyFr: 'Les notifications arrivent : centre, e-mails et notifications du navigateur.',
      titleEn: 'A new version of the platform',
      bodyEn: 'Notifications are here: a centre, e-mails and browser notifications.',
      segment: {},
      channels: ['in_app', 'email'],
    }),
  });
  if (res.status !== 201) throw new Error(`announcement refused: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  let storedAt: number | null = null;
  let queuedAt: number | null = null;
  let recipients = 0;
  while (queuedAt === null && performance.now() - started < 180_000) {
    const { rows } = await sql<{ status: string; recipientCount: number | null }>`
      SELECT status, recipient_count FROM announcements WHERE id = ${id}`.execute(db);
    const { status, recipientCount } = rows[0]!;
    // The count is set once every part is stored.
    if (recipientCount !== null) {
      storedAt ??= performance.now();
      recipients = recipientCount;
    }
    if (status === 'sent') queuedAt = performance.now();
    else await new Promise((r) => setTimeout(r, 20));
  }
  await waitFor(() => arrivals.every((a) => a !== null), 30_000);
  for (const [k, socket] of sockets.entries()) socket.off('notification:new', handlers[k]);
  const reached = arrivals.filter((a): a is number => a !== null);
  // One hash join, not a subplan per delivery (statistics taken before the announcement cannot mislead it).
  const { rows } = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_nestloop = off`.execute(trx);
    return sql<{ emails: number; queued: number }>`
      SELECT count(*)::int AS emails, count(j.id)::int AS queued
      FROM notification_deliveries d
      LEFT JOIN (SELECT DISTINCT jsonb_array_elements_text(data -> 'deliveryIds')::uuid AS id FROM pgboss.job
                 WHERE name = 'notifications.deliver') j ON j.id = d.id
      WHERE d.event_key = ${`announcement:${id}`} AND d.channel = 'email'`.execute(trx);
  });
  // Then until every e-mail due has gone out of its delivery (queued in the outbox, or skipped), up to 5 minutes:
  // those held by their recipient's quiet hours wait for hours; one being sent is leased for 5 minutes.
  const drainStarted = performance.now();
  let sentAt: number | null = null;
  let held = 0;
  while (sentAt === null && performance.now() - drainStarted < 300_000) {
    const { rows: pending } = await sql<{ due: number; held: number }>`
      SELECT count(*) FILTER (WHERE due_at < now() + interval '10 minutes')::int AS due,
        count(*) FILTER (WHERE due_at >= now() + interval '10 minutes')::int AS held
      FROM notification_deliveries
      WHERE event_key = ${`announcement:${id}`} AND channel = 'email' AND status = 'pending'`.execute(db);
    held = pending[0]!.held;
    if (pending[0]!.due === 0) sentAt = performance.now();
    else await new Promise((r) => setTimeout(r, 250));
  }
  return {
    recipients,
    sockets_reached: reached.length,
    emails: rows[0]!.emails,
    email_jobs_queued: rows[0]!.queued,
    stored_s: seconds(started, storedAt),
    delivered_s: reached.length === sockets.length ? seconds(started, Math.max(...reached)) : null,
    emails_queued_s: seconds(started, queuedAt),
    emails_held: held,
    emails_sent_s: seconds(started, sentAt),
    emails_per_s:
      sentAt === null || queuedAt === null
        ? null
        : Math.round((rows[0]!.emails - held) / ((sentAt - queuedAt) / 1000)),
  };
}
