import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { announcementSegment } from '../../../common/announcements.ts';
import {
  approvedExpert,
  createAdmin,
  registerClient,
  type Session,
} from '../../../tests/support/factories.ts';
import { connectSocket } from '../../../tests/support/socket-client.ts';
import { appWith, type TestApp } from '../../../tests/support/test-app.ts';
import { choicesOf, storeForSegment } from './announcements.bulk.ts';
import {
  announcementDetail,
  announcementDraft,
  createAnnouncement,
  sentAnnouncement,
  setPreferences,
  storedFor,
} from './announcements.factories.ts';
import { sendAnnouncement, sendDueAnnouncements } from './announcements.jobs.ts';
import { announcementsRepo } from './announcements.repo.ts';
import { LEASE_MS } from './deliveries.ts';
import { deliverNotification } from './notifications.jobs.ts';

const HOUR = 3_600_000;

/** The clock starts at 08:00 UTC, 10:00 in Paris: inside `quiet`'s quiet hours, which end at 11:00 (09:00 UTC). */
async function sendCast(t: TestApp) {
  const admin = await createAdmin(t);
  const [plain, english, noEmail, noInApp] = await Promise.all([
    registerClient(t),
    registerClient(t),
    registerClient(t),
    registerClient(t),
  ]);
  const quiet = await approvedExpert(t, admin);
  const outsider = await approvedExpert(t, admin);
  await setPreferences(t, english, { locale: 'en' });
  await setPreferences(t, noEmail, { channels: { announcement: { email: false } } });
  await setPreferences(t, noInApp, { channels: { announcement: { in_app: false } } });
  await setPreferences(t, quiet, { quietHours: { start: '09:00', end: '11:00' }, timeZone: 'Europe/Paris' });
  return { admin, plain, english, noEmail, noInApp, quiet, outsider };
}

// Tests move the clock by hours: the sessions made at the start must outlive that.
const { t, cast } = appWith(sendCast, { overrides: { accessTokenTtlSeconds: 86_400 } });

const toUsers = (...people: Session[]) => ({ userIds: people.map((p) => p.user.id) });

/** The jobs queued for these deliveries, with how long each waits. */
async function deliveryJobs(deliveryIds: string[]) {
  const { rows } = await sql<{ deliveryIds: string[]; delayS: number }>`
    SELECT data -> 'deliveryIds' AS "deliveryIds", round(extract(epoch FROM start_after - created_on))::int AS "delayS"
    FROM pgboss.job WHERE name = 'notifications.deliver' AND data -> 'deliveryIds' ?| ${deliveryIds}::text[]`.execute(
    t.db,
  );
  return rows;
}

describe('sending an announcement', () => {
  it('reaches exactly as many recipients as the preview counted', async () => {
    const preview = await t.request('POST', '/api/admin/announcements/preview', {
      token: cast.admin.token,
      body: { segment: { roles: ['client'] } },
    });
    const { id } = await sentAnnouncement(t, cast.admin, { segment: { roles: ['client'] } });
    const detail = await announcementDetail(t, cast.admin, id);
    const { notifications, events } = await storedFor(t, id);
    expect(preview.body.count).toBe(4);
    expect(detail).toMatchObject({ status: 'sent', recipientCount: 4, statistics: { recipients: 4 } });
    expect(new Set(notifications.map((n) => n.recipientId)).size).toBe(4);
    expect(events).toHaveLength(4);
  });

  it('gives each recipient the e-mail and push their preferences allow, held until their quiet hours end', async () => {
    const { id } = await sentAnnouncement(t, cast.admin, {
      segment: toUsers(cast.plain, cast.noEmail, cast.noInApp, cast.quiet),
      channels: ['in_app', 'email', 'push'],
    });
    const { notifications, deliveries } = await storedFor(t, id);
    const now = t.clock.now().getTime();
    // A delivery due now may already be taken by its job, which moves its due time to the end of its lease.
    const dueOf = (dueAt: Date) => (dueAt.getTime() <= now + LEASE_MS ? 'now' : dueAt.toISOString());
    const channelsOf = (who: Session) =>
      deliveries.filter((d) => d.recipientId === who.user.id).map((d) => [d.channel, dueOf(d.dueAt)]);
    // Announcements go in-app and by e-mail by default; push only to those who turned it on.
    expect(channelsOf(cast.plain)).toEqual([['email', 'now']]);
    expect(channelsOf(cast.noEmail)).toEqual([]);
    expect(channelsOf(cast.noInApp)).toEqual([['email', 'now']]);
    expect(channelsOf(cast.quiet)).toEqual([['email', '2026-06-01T09:00:00.000Z']]);
    expect(notifications.find((n) => n.recipientId === cast.noInApp.user.id)?.inApp).toBe(false);
    expect((await announcementDetail(t, cast.admin, id)).statistics).toMatchObject({
      recipients: 4,
      delivered: 3,
    });
  });

  it('sends no e-mail or push when the admin chose in-app only', async () => {
    const { id } = await sentAnnouncement(t, cast.admin, {
      segment: toUsers(cast.plain, cast.quiet),
      channels: ['in_app'],
    });
    const { notifications, deliveries } = await storedFor(t, id);
    expect(notifications).toHaveLength(2);
    expect(deliveries).toEqual([]);
  });

  it('queues a delivery job per due time, each waiting for it', async () => {
    const { id } = await sentAnnouncement(t, cast.admin, { segment: toUsers(cast.plain, cast.quiet) });
    const { deliveries } = await storedFor(t, id);
    const jobs = await deliveryJobs(deliveries.map((d) => d.id));
    const quietDelivery = deliveries.find((d) => d.recipientId === cast.quiet.user.id)!;
    const plainDelivery = deliveries.find((d) => d.recipientId === cast.plain.user.id)!;
    expect(jobs.toSorted((a, b) => a.delayS - b.delayS)).toEqual([
      { deliveryIds: [plainDelivery.id], delayS: 0 },
      { deliveryIds: [quietDelivery.id], delayS: 3600 },
    ]);
  });

  it('tells connected recipients at once, in their language, and nobody else', async () => {
    const [english, outsider] = await Promise.all([
      connectSocket(t.baseUrl, cast.english.token),
      connectSocket(t.baseUrl, cast.outsider.token),
    ]);
    const strays: unknown[] = [];
    outsider.on('notification:new', (live) => strays.push(live));
    const received = new Promise<unknown>((resolve) => english.once('notification:new', resolve));
    try {
      const { id } = await sentAnnouncement(t, cast.admin, { segment: toUsers(cast.english, cast.plain) });
      const mine = (await storedFor(t, id)).notifications.find(
        (n) => n.recipientId === cast.english.user.id,
      )!;
      expect(await received).toMatchObject({
        notification: {
          id: mine.id,
          type: 'announcement',
          category: 'platform',
          title: 'Maintenance on Saturday',
          body: 'The platform will be unavailable on Saturday from 8 to 10 am.',
          link: `/notifications?id=${mine.id}`,
          readAt: null,
        },
        unread: expect.any(Number),
      });
      expect(strays).toEqual([]);
    } finally {
      english.close();
      outsider.close();
    }
  });

  it('stores a segment split in parts once per recipient, whatever the parts and their order', async () => {
    const { id } = await createAnnouncement(t, cast.admin, {
      segment: { roles: ['client'] },
      scheduledAt: new Date(t.clock.now().getTime() + HOUR).toISOString(),
    });
    const { titleFr, bodyFr, titleEn, bodyEn } = announcementDraft();
    const bulk = {
      id,
      segment: announcementSegment.parse({ roles: ['client'] }),
      deliveryChannels: ['email' as const],
      data: { titleFr, bodyFr, titleEn, bodyEn },
    };
    const store = (index: number, of: number) =>
      t.db
        .transaction()
        .execute((trx) =>
          storeForSegment(trx, bulk, choicesOf([], t.clock.now()), { index, of }, t.clock.now()),
        );
    const stored = await Promise.all([store(2, 3), store(0, 3), store(1, 3)]);
    expect(stored.reduce((a, b) => a + b, 0)).toBe(4);
    expect(await Promise.all([store(0, 2), store(1, 2)])).toEqual([0, 0]);
    const { notifications, events, deliveries } = await storedFor(t, id);
    expect(new Set(notifications.map((n) => n.recipientId)).size).toBe(4);
    expect(events).toHaveLength(4);
    expect(deliveries).toHaveLength(4);
  });

  it('stores nobody twice when the send runs again, together or after an interrupted send', async () => {
    const created = await createAnnouncement(t, cast.admin, { segment: { roles: ['client'] } });
    const run = () => t.app.services.jobs.runNow(sendAnnouncement, { announcementId: created.id });
    await Promise.all([run(), run()]);
    const first = await storedFor(t, created.id);
    // An instance that stopped after storing, before it queued the e-mails: the sweep takes over after a while.
    await t.db
      .updateTable('announcements')
      .set({ status: 'sending', sentAt: null })
      .where('id', '=', created.id)
      .execute();
    t.clock.advance(11 * 60_000);
    await t.app.services.jobs.runNow(sendDueAnnouncements, {});
    await run();
    const again = await storedFor(t, created.id);
    expect(first.notifications).toHaveLength(4);
    expect(again.notifications.map((n) => n.id).toSorted()).toEqual(
      first.notifications.map((n) => n.id).toSorted(),
    );
    expect(again.events).toHaveLength(4);
    expect(again.deliveries.map((d) => d.id).toSorted()).toEqual(
      first.deliveries.map((d) => d.id).toSorted(),
    );
    expect(await announcementDetail(t, cast.admin, created.id)).toMatchObject({
      status: 'sent',
      recipientCount: 4,
    });
  });
});

describe('statistics', () => {
  it('count what became of it: in the centres, read, e-mails sent', async () => {
    const { id } = await sentAnnouncement(t, cast.admin, {
      segment: toUsers(cast.plain, cast.noEmail, cast.noInApp),
    });
    const { notifications, deliveries } = await storedFor(t, id);
    const plains = notifications.find((n) => n.recipientId === cast.plain.user.id)!;
    const read = await t.request('POST', `/api/notifications/${plains.id}/read`, { token: cast.plain.token });
    expect(read.status).toBe(200);
    for (const d of deliveries) await t.app.services.jobs.runNow(deliverNotification, { deliveryId: d.id });
    expect((await announcementDetail(t, cast.admin, id)).statistics).toEqual({
      recipients: 3,
      delivered: 2,
      read: 1,
      emailsSent: 2,
      emailsFailed: 0,
      pushesSent: 0,
      pushesFailed: 0,
    });
  });
});

describe('scheduling', () => {
  it('sends a scheduled announcement once its time comes, not before', async () => {
    const scheduledAt = new Date(t.clock.now().getTime() + HOUR);
    const { id } = await createAnnouncement(t, cast.admin, {
      segment: toUsers(cast.plain),
      scheduledAt: scheduledAt.toISOString(),
    });
    await t.app.services.jobs.runNow(sendDueAnnouncements, {});
    await t.app.services.jobs.runNow(sendAnnouncement, { announcementId: id });
    expect(await announcementDetail(t, cast.admin, id)).toMatchObject({
      status: 'scheduled',
      recipientCount: null,
    });
    expect((await storedFor(t, id)).notifications).toEqual([]);

    t.clock.advance(HOUR);
    const sendJobs = async () => {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
        WHERE name = 'notifications.announcement-send' AND data ->> 'announcementId' = ${id}`.execute(t.db);
      return rows[0]!.n;
    };
    const before = await sendJobs();
    await t.app.services.jobs.runNow(sendDueAnnouncements, {});
    // The sweep queued one (the real-time cron may have queued another meanwhile).
    expect(await sendJobs()).toBeGreaterThan(before);
    await t.app.services.jobs.runNow(sendAnnouncement, { announcementId: id });
    expect(await announcementDetail(t, cast.admin, id)).toMatchObject({
      status: 'sent',
      recipientCount: 1,
      sentAt: t.clock.now().toISOString(),
    });
  });

  it('never sends an announcement cancelled while scheduled', async () => {
    const { id } = await createAnnouncement(t, cast.admin, {
      segment: toUsers(cast.plain),
      scheduledAt: new Date(t.clock.now().getTime() + HOUR).toISOString(),
    });
    const cancel = await t.request('POST', `/api/admin/announcements/${id}/cancel`, {
      token: cast.admin.token,
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    t.clock.advance(2 * HOUR);
    await t.app.services.jobs.runNow(sendDueAnnouncements, {});
    await t.app.services.jobs.runNow(sendAnnouncement, { announcementId: id });
    expect((await announcementDetail(t, cast.admin, id)).status).toBe('cancelled');
    expect((await storedFor(t, id)).notifications).toEqual([]);
  });

  it('refuses to cancel an announcement already sent or cancelled, or unknown', async () => {
    const { id } = await sentAnnouncement(t, cast.admin, { segment: toUsers(cast.plain) });
    const sent = await t.request('POST', `/api/admin/announcements/${id}/cancel`, {
      token: cast.admin.token,
    });
    expect(sent.status).toBe(409);
    expect(sent.body.error.code).toBe('ANNOUNCEMENT_NOT_SCHEDULED');
    const unknown = await t.request(
      'POST',
      '/api/admin/announcements/0190f5b4-0000-7000-8000-000000000000/cancel',
      {
        token: cast.admin.token,
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ANNOUNCEMENT_NOT_FOUND');
  });
});

describe('the pending deliveries of an announcement', () => {
  it('are read by its event key on the index of pending deliveries, not through its notifications', async () => {
    // Statistics taken before an announcement's rows exist once planned a scan of every delivery per notification.
    const plan = await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return announcementsRepo.pendingDeliveries(trx, crypto.randomUUID()).explain('json');
    });
    const text = JSON.stringify(plan);
    expect(text).toContain('notification_deliveries_pending_event_idx');
    expect(text).not.toContain('"Relation Name":"notifications"');
  });
});
