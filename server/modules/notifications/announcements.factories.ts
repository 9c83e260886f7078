import { expect } from 'vitest';
import type { NotificationPreferencesInput } from '../../../common/notifications.ts';
import type { Session } from '../../../tests/support/factories.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';
import { sendAnnouncement } from './announcements.jobs.ts';

/** An announcement's input, French and English, to the experts by default. */
export const announcementDraft = (overrides: Record<string, unknown> = {}) => ({
  titleFr: 'Maintenance samedi',
  bodyFr: 'La plateforme sera indisponible samedi de 8 h à 10 h.',
  titleEn: 'Maintenance on Saturday',
  bodyEn: 'The platform will be unavailable on Saturday from 8 to 10 am.',
  segment: { roles: ['expert'] },
  channels: ['in_app', 'email'],
  ...overrides,
});

/** Creates an announcement through the API (answered 201) and returns it. */
export async function createAnnouncement(
  t: TestApp,
  admin: Session,
  overrides: Record<string, unknown> = {},
) {
  const res = await t.request('POST', '/api/admin/announcements', {
    token: admin.token,
    body: announcementDraft(overrides),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string };
}

/** Creates an announcement to send now and runs its send to the end (whichever job gets there first). */
export async function sentAnnouncement(t: TestApp, admin: Session, overrides: Record<string, unknown> = {}) {
  const created = await createAnnouncement(t, admin, overrides);
  await t.app.services.jobs.runNow(sendAnnouncement, { announcementId: created.id });
  return created;
}

/** An announcement's detail (with statistics) as the admin reads it. */
export async function announcementDetail(t: TestApp, admin: Session, id: string) {
  const res = await t.request('GET', `/api/admin/announcements/${id}`, { token: admin.token });
  expect(res.status).toBe(200);
  return res.body;
}

/** Sets a user's notification preferences through the API. */
export async function setPreferences(t: TestApp, who: Session, body: NotificationPreferencesInput) {
  const res = await t.request('PUT', '/api/notification-preferences', { token: who.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** What an announcement left in the database: each recipient's notification and deliveries. */
export async function storedFor(t: TestApp, announcementId: string) {
  const notifications = await t.db
    .selectFrom('notifications')
    .select(['id', 'recipientId', 'inApp', 'link'])
    .where('announcementId', '=', announcementId)
    .execute();
  const deliveries = await t.db
    .selectFrom('notificationDeliveries')
    .select(['id', 'recipientId', 'channel', 'dueAt', 'status'])
    .where('eventKey', '=', `announcement:${announcementId}`)
    .execute();
  const events = await t.db
    .selectFrom('notificationEvents')
    .select(['recipientId', 'notificationId'])
    .where('eventKey', '=', `announcement:${announcementId}`)
    .execute();
  return { notifications, deliveries, events };
}
