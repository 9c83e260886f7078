import { sql } from 'kysely';
import type { DossierStatus } from '../../../common/dossiers.ts';
import { NotificationStore, type NotifyRequest } from '../../modules/notifications/notifications.store.ts';
import { notice } from '../../modules/notifications/templates.ts';
import { UsersService } from '../../modules/users/users.service.ts';
import { systemClock } from '../../platform/clock.ts';
import type { Db } from '../pool.ts';

const DAY_MS = 86_400_000;
/** What the demo's notifications wait before their e-mail (the app's default). */
const GROUPED_EMAIL_DELAY_MS = 300_000;
const EXCERPT_LENGTH = 140;

type Event = { request: NotifyRequest; at: Date };

/** The demo dossiers of a company or an expert, with their latest status change. */
const dossiersOf = (db: Db, where: { companyId: string } | { expertId: string }) =>
  db
    .selectFrom('dossiers as d')
    .innerJoin('companies as c', 'c.id', 'd.companyId')
    .innerJoin('products as p', 'p.code', 'd.productCode')
    .leftJoin('users as e', 'e.id', 'd.expertId')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('dossierEvents as ev')
          .select(['ev.fromStatus', 'ev.toStatus', 'ev.createdAt'])
          .whereRef('ev.dossierId', '=', 'd.id')
          .where('ev.type', '=', 'status_changed')
          .orderBy('ev.createdAt', 'desc')
          .limit(1)
          .as('last'),
      (join) => join.onTrue(),
    )
    .select([
      'd.id',
      'd.reference',
      'd.status',
      'p.name as productName',
      'c.name as companyName',
      'e.firstName as expertFirstName',
      'e.lastName as expertLastName',
      'last.fromStatus',
      'last.toStatus',
      'last.createdAt as changedAt',
    ])
    .where('companyId' in where ? 'd.companyId' : 'd.expertId', '=', Object.values(where)[0]!)
    .orderBy('last.createdAt', 'desc')
    .limit(4)
    .execute();

type DemoDossier = Awaited<ReturnType<typeof dossiersOf>>[number];

const statusChange = (d: DemoDossier, to: string): Event => ({
  at: d.changedAt,
  request: {
    recipients: [to],
    ...notice('dossier.status_changed', {
      dossierId: d.id,
      reference: d.reference,
      productName: d.productName,
      companyName: d.companyName,
      from: d.fromStatus as DossierStatus,
      to: d.toStatus as DossierStatus,
    }),
    link: `/dossiers/${d.id}`,
    eventKey: `demo:dossier.status_changed:${d.id}:${to}`,
  },
});

/** The client's latest dossier steps and the message of its expert it has not read. */
async function clientEvents(db: Db, clientId: string, companyId: string): Promise<Event[]> {
  const events = (await dossiersOf(db, { companyId })).map((d) => statusChange(d, clientId));
  const unread = await db
    .selectFrom('conversationParticipants as p')
    .innerJoin('conversations as c', 'c.id', 'p.conversationId')
    .innerJoin('messages as m', (join) =>
      join.onRef('m.conversationId', '=', 'c.id').onRef('m.seq', '=', 'c.lastSeq'),
    )
    .innerJoin('users as s', 's.id', 'm.senderId')
    .select(['c.id as conversationId', 'm.id', 'm.body', 'm.createdAt', 's.firstName', 's.lastName'])
    .where('p.userId', '=', clientId)
    .whereRef('p.lastReadSeq', '<', 'c.lastSeq')
    .execute();
  for (const m of unread) {
    events.push({
      at: m.createdAt,
      request: {
        recipients: [clientId],
        ...notice('message.new', {
          conversationId: m.conversationId,
          senderName: `${m.firstName} ${m.lastName}`,
          excerpt: m.body.length > EXCERPT_LENGTH ? `${m.body.slice(0, EXCERPT_LENGTH - 1)}…` : m.body,
        }),
        link: `/messages/${m.conversationId}`,
        eventKey: `demo:message.created:${m.id}`,
        groupKey: `conversation:${m.conversationId}`,
      },
    });
  }
  return events;
}

/** The expert's approval, its dossiers' latest steps, the requests waiting for it, its latest reviews. */
async function expertEvents(
  db: Db,
  expert: { id: string; firstName: string; createdAt: Date },
): Promise<Event[]> {
  const expertId = expert.id;
  const dossiers = await dossiersOf(db, { expertId });
  const events = dossiers.map((d) => statusChange(d, expertId));
  for (const d of dossiers.filter((d) => d.status === 'expert_pending')) {
    events.push({
      at: d.changedAt,
      request: {
        recipients: [expertId],
        ...notice('expert_request.created', {
          dossierId: d.id,
          reference: d.reference,
          productName: d.productName,
          companyName: d.companyName,
          message: null,
        }),
        link: `/dossiers/${d.id}`,
        eventKey: `demo:expert_request.created:${d.id}`,
      },
    });
  }
  const reviews = await db
    .selectFrom('reviews as r')
    .innerJoin('companies as c', 'c.id', 'r.companyId')
    .select(['r.id', 'r.rating', 'r.createdAt', 'c.name as companyName'])
    .where('r.expertId', '=', expertId)
    .orderBy('r.createdAt', 'desc')
    .limit(2)
    .execute();
  for (const r of reviews) {
    events.push({
      at: r.createdAt,
      request: {
        recipients: [expertId],
        ...notice('review.created', { expertId, rating: r.rating, companyName: r.companyName }),
        link: `/experts/${expertId}`,
        eventKey: `demo:review.created:${r.id}`,
      },
    });
  }
  events.push({
    at: expert.createdAt,
    request: {
      recipients: [expertId],
      ...notice('account.approved', { firstName: expert.firstName }),
      link: '/compte',
      eventKey: `demo:account.approved:${expertId}`,
    },
  });
  return events;
}

/** The admin's monthly report and a reminder. */
function adminEvents(adminId: string, now: Date): Event[] {
  return [
    {
      at: new Date(now.getTime() - 3 * DAY_MS),
      request: {
        recipients: [adminId],
        ...notice('report.ready', {
          reportName: { fr: 'Bilan mensuel des dossiers', en: 'Monthly file report' },
        }),
        link: '/admin/dossiers',
        eventKey: `demo:report.ready:${adminId}`,
      },
    },
    {
      at: new Date(now.getTime() - 3 * 3_600_000),
      request: {
        recipients: [adminId],
        ...notice('reminder', {
          subject: { fr: 'Valider les experts en attente', en: 'Approve the pending experts' },
        }),
        link: '/admin/utilisateurs?role=expert&status=pending',
        eventKey: `demo:reminder:${adminId}`,
      },
    },
  ];
}

/**
 * A handful of notifications for each demo account, made from the demo's own data through the store `notify` writes
 * with (rows, search texts, deliveries as real use leaves them): the client hears of its dossiers' latest steps and
 * of the message it has not read, the expert of its dossiers, requests and reviews, the admin of a report and a
 * reminder. Those older than two days are read, but for messages (unread while their conversation is). Their e-mails and pushes, long due, go out through the deliveries'
 * sweep once the app runs (to the admins' outbox without SMTP).
 */
export async function seedDemoNotifications(
  db: Db,
  now: Date,
  accounts: { admin: string; client: string; expert: string },
): Promise<void> {
  const people = await db
    .selectFrom('users')
    .select(['id', 'email', 'companyId', 'firstName', 'createdAt'])
    .where('email', 'in', Object.values(accounts))
    .execute();
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const admin = byEmail.get(accounts.admin);
  const client = byEmail.get(accounts.client);
  const expert = byEmail.get(accounts.expert);
  if (!admin || !client?.companyId || !expert) return;
  const events = [
    ...(await clientEvents(db, client.id, client.companyId)),
    ...(await expertEvents(db, expert)),
    ...adminEvents(admin.id, now),
  ];
  const store = new NotificationStore({
    db,
    users: new UsersService({ db, clock: systemClock }),
    groupedEmailDelayMs: GROUPED_EMAIL_DELAY_MS,
  });
  for (const { request, at } of events.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    await store.store(request, at);
  }
  await db
    .updateTable('notifications')
    .set({ readAt: sql`updated_at + interval '1 hour'` })
    .where(
      'recipientId',
      'in',
      people.map((p) => p.id),
    )
    // A message stays unread as long as its conversation does.
    .where('type', '!=', 'message.new')
    .where('updatedAt', '<', new Date(now.getTime() - 2 * DAY_MS))
    .execute();
}
