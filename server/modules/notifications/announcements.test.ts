import { describe, expect, it } from 'vitest';
import { approvedExpert, createAdmin, registerClient } from '../../../tests/support/factories.ts';
import { appWith, type TestApp } from '../../../tests/support/test-app.ts';
import { announcementDraft } from './announcements.factories.ts';
import { sendAnnouncement } from './announcements.jobs.ts';

async function cast(t: TestApp) {
  const admin = await createAdmin(t);
  const client = await registerClient(t);
  const expert = await approvedExpert(t, admin);
  return { admin, client, expert };
}

const { t, cast: people } = appWith(cast);

const draft = announcementDraft;

const inAnHour = () => new Date(t.clock.now().getTime() + 3_600_000).toISOString();

describe('POST /api/admin/announcements', () => {
  it('records an announcement to send now, as scheduled for the present time', async () => {
    const res = await t.request('POST', '/api/admin/announcements', {
      token: people.admin.token,
      body: draft(),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      titleFr: 'Maintenance samedi',
      titleEn: 'Maintenance on Saturday',
      segment: {
        roles: ['expert'],
        regions: [],
        products: [],
        dossierStatuses: [],
        specialties: [],
        userIds: [],
      },
      channels: ['in_app', 'email'],
      author: { id: people.admin.user.id, firstName: 'Ada', lastName: 'Admin' },
      scheduledAt: t.clock.now().toISOString(),
    });
    // Its send job may already have run.
    expect(['scheduled', 'sending', 'sent']).toContain(res.body.status);
  });

  it('records a scheduled announcement with its time', async () => {
    const scheduledAt = inAnHour();
    const res = await t.request('POST', '/api/admin/announcements', {
      token: people.admin.token,
      body: draft({ scheduledAt }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'scheduled', scheduledAt, recipientCount: null });
  });

  it('refuses a time already past', async () => {
    const past = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const res = await t.request('POST', '/api/admin/announcements', {
      token: people.admin.token,
      body: draft({ scheduledAt: past }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('ANNOUNCEMENT_SCHEDULE_PAST');
  });

  it('refuses a segment that selects nobody', async () => {
    const res = await t.request('POST', '/api/admin/announcements', {
      token: people.admin.token,
      body: draft({ segment: { regions: ['mayotte'] } }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('ANNOUNCEMENT_NO_RECIPIENTS');
  });

  it.each([
    ['a missing English title', draft({ titleEn: undefined })],
    ['a blank French body', draft({ bodyFr: '   ' })],
    ['a title too long', draft({ titleFr: 'x'.repeat(121) })],
    ['channels without in-app', draft({ channels: ['email'] })],
    ['a channel twice', draft({ channels: ['in_app', 'in_app'] })],
    ['an unknown channel', draft({ channels: ['in_app', 'sms'] })],
    ['an unknown role', draft({ segment: { roles: ['root'] } })],
    ['an unknown region', draft({ segment: { regions: ['atlantis'] } })],
    ['an unknown dossier status', draft({ segment: { dossierStatuses: ['lost'] } })],
    ['a user id that is not one', draft({ segment: { userIds: ['42'] } })],
    ['an unknown segment field', draft({ segment: { companies: ['x'] } })],
    ['a time that is not one', draft({ scheduledAt: 'demain' })],
    ['an unknown field', draft({ priority: 'high' })],
  ])('answers 400 to %s', async (_case, body) => {
    const res = await t.request('POST', '/api/admin/announcements', { token: people.admin.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('GET /api/admin/announcements', () => {
  it('lists announcements newest first, page by page', async () => {
    const first = await t.request('POST', '/api/admin/announcements', {
      token: people.admin.token,
      body: draft({ titleFr: 'Première', scheduledAt: inAnHour() }),
    });
    const second = await t.request('POST', '/api/admin/announcements', {
      token: people.admin.token,
      body: draft({ titleFr: 'Seconde', scheduledAt: inAnHour() }),
    });
    const page1 = await t.request('GET', '/api/admin/announcements?limit=1', { token: people.admin.token });
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((a: { id: string }) => a.id)).toEqual([second.body.id]);
    const page2 = await t.request('GET', `/api/admin/announcements?limit=1&cursor=${page1.body.nextCursor}`, {
      token: people.admin.token,
    });
    expect(page2.body.items.map((a: { id: string }) => a.id)).toEqual([first.body.id]);
  });

  it('answers 400 to a cursor of nothing', async () => {
    const res = await t.request('GET', '/api/admin/announcements?cursor=garbage', {
      token: people.admin.token,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('GET /api/admin/announcements/:id', () => {
  it('gives the announcement with the statistics of its send', async () => {
    const created = await t.request('POST', '/api/admin/announcements', {
      token: people.admin.token,
      body: draft({
        segment: { userIds: [people.client.user.id, people.expert.user.id] },
        channels: ['in_app'],
      }),
    });
    await t.app.services.jobs.runNow(sendAnnouncement, { announcementId: created.body.id });
    const res = await t.request('GET', `/api/admin/announcements/${created.body.id}`, {
      token: people.admin.token,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'sent',
      recipientCount: 2,
      sentAt: t.clock.now().toISOString(),
    });
    expect(res.body.statistics).toEqual({
      recipients: 2,
      delivered: 2,
      read: 0,
      emailsSent: 0,
      emailsFailed: 0,
      pushesSent: 0,
      pushesFailed: 0,
    });
  });

  it('answers 404 to an unknown id and 400 to an id that is not one', async () => {
    const unknown = await t.request('GET', '/api/admin/announcements/0190f5b4-0000-7000-8000-000000000000', {
      token: people.admin.token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ANNOUNCEMENT_NOT_FOUND');
    const malformed = await t.request('GET', '/api/admin/announcements/42', { token: people.admin.token });
    expect(malformed.status).toBe(400);
  });
});

describe('access', () => {
  const routes: [string, string, (id: string) => string, unknown][] = [
    ['preview', 'POST', () => '/api/admin/announcements/preview', { segment: {} }],
    ['create', 'POST', () => '/api/admin/announcements', draft()],
    ['list', 'GET', () => '/api/admin/announcements', undefined],
    ['read', 'GET', (id) => `/api/admin/announcements/${id}`, undefined],
    ['cancel', 'POST', (id) => `/api/admin/announcements/${id}/cancel`, undefined],
  ];

  it.each(routes)(
    '%s is for admins only: 403 to clients and experts, 401 without a session',
    async (_name, method, path, body) => {
      const scheduled = await t.request('POST', '/api/admin/announcements', {
        token: people.admin.token,
        body: draft({ scheduledAt: inAnHour() }),
      });
      const url = path(scheduled.body.id);
      for (const who of [people.client, people.expert]) {
        const res = await t.request(method, url, { token: who.token, body });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      expect((await t.request(method, url, { body })).status).toBe(401);
      const after = await t.request('GET', `/api/admin/announcements/${scheduled.body.id}`, {
        token: people.admin.token,
      });
      expect(after.body.status).toBe('scheduled');
    },
  );
});
