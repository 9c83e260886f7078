import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { createAdmin, registerClient, type Session } from '../../../tests/support/factories.ts';
import { appWith, type TestApp } from '../../../tests/support/test-app.ts';
import { eventually } from '../../../tests/support/waiting.ts';
import { collect, connect, nextEvent } from '../messaging/messaging.factories.ts';
import { centre, sampleData, subscribedClient } from './notifications.factories.ts';
import type { NotifyRequest } from './notifications.service.ts';
import { notice } from './templates.ts';

const { t, cast } = appWith(async (t) => ({ admin: await createAdmin(t) }));

const notify = (request: NotifyRequest) => t.app.services.notifications.notifications.notify(request);

/** A status change of a made-up dossier for these people, under a key of its own. */
const statusChange = (people: Session[], eventKey = `test:${randomUUID()}`): NotifyRequest => ({
  recipients: people.map((p) => p.user.id),
  ...notice('dossier.status_changed', sampleData['dossier.status_changed']),
  link: '/dossiers/d1',
  eventKey,
});

const newMessage = (to: Session, conversationId: string, senderName = 'Marie Dupont'): NotifyRequest => ({
  recipients: [to.user.id],
  ...notice('message.new', { conversationId, senderName, excerpt: 'Bonjour' }),
  link: `/messages/${conversationId}`,
  eventKey: `test:${randomUUID()}`,
  groupKey: `conversation:${conversationId}`,
});

const rowsOf = (t: TestApp, who: Session) =>
  t.db
    .selectFrom('notifications')
    .select(['id', 'type', 'groupCount', 'inApp', 'readAt'])
    .where('recipientId', '=', who.user.id)
    .orderBy('id')
    .execute();

const deliveriesOf = (t: TestApp, who: Session) =>
  t.db
    .selectFrom('notificationDeliveries')
    .select(['channel', 'dueAt'])
    .where('recipientId', '=', who.user.id)
    .orderBy('channel')
    .execute();

const setPreferences = async (who: Session, body: Record<string, unknown>) => {
  const res = await t.request('PUT', '/api/notification-preferences', { token: who.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

describe('notify', () => {
  it('stores one notification per recipient, rendered in each one’s language', async () => {
    const [claire, john] = [await subscribedClient(t), await subscribedClient(t, { firstName: 'John' })];
    await setPreferences(john, { locale: 'en' });
    expect(await notify(statusChange([claire, john]))).toEqual({ created: 2 });
    expect((await centre(t, claire)).map((n) => n.title)).toEqual(['Dossier FT-2026-00042 : Audit en cours']);
    expect((await centre(t, john)).map((n) => n.title)).toEqual(['File FT-2026-00042: Audit in progress']);
  });

  it('leaves out unknown ids and the accounts the type may not reach', async () => {
    const [active, suspended] = [await subscribedClient(t), await subscribedClient(t)];
    const res = await t.request('POST', `/api/admin/users/${suspended.user.id}/suspend`, {
      token: cast.admin.token,
      body: { reason: 'Impayés' },
    });
    expect(res.status).toBe(200);
    const request = statusChange([active, suspended]);
    expect(await notify({ ...request, recipients: [...request.recipients, randomUUID()] })).toEqual({
      created: 1,
    });
    // Only the notice of their suspension (written by a subscriber after the suspension's commit: waited for).
    await vi.waitFor(async () =>
      expect((await rowsOf(t, suspended)).map((r) => r.type)).toEqual(['account.suspended']),
    );
  });

  it('notifies each recipient once when the same event comes again', async () => {
    const client = await subscribedClient(t);
    const request = statusChange([client]);
    expect(await notify(request)).toEqual({ created: 1 });
    expect(await notify(request)).toEqual({ created: 0 });
    expect(await rowsOf(t, client)).toHaveLength(1);
    expect((await deliveriesOf(t, client)).map((d) => d.channel)).toEqual(['email', 'push']);
  });

  it('notifies each recipient once when one event is notified concurrently', async () => {
    const [a, b] = [await subscribedClient(t), await subscribedClient(t)];
    const request = statusChange([a, b]);
    const results = await Promise.all(Array.from({ length: 5 }, () => notify(request)));
    expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(2);
    expect(await rowsOf(t, a)).toHaveLength(1);
    expect(await rowsOf(t, b)).toHaveLength(1);
    expect(await deliveriesOf(t, a)).toHaveLength(2);
  });
});

describe('the deliveries’ jobs', () => {
  it('are queued in one job for the deliveries of an event due together', async () => {
    const people = [await subscribedClient(t), await subscribedClient(t)];
    await notify(statusChange(people));
    const deliveries = await t.db
      .selectFrom('notificationDeliveries')
      .select('id')
      .where(
        'recipientId',
        'in',
        people.map((p) => p.user.id),
      )
      .execute();
    const { rows } = await sql<{ deliveryIds: string[] }>`
      SELECT data -> 'deliveryIds' AS "deliveryIds" FROM pgboss.job
      WHERE name = 'notifications.deliver' AND data -> 'deliveryIds' ?| ${deliveries.map((d) => d.id)}::text[]`.execute(
      t.db,
    );
    expect(deliveries.length).toBeGreaterThanOrEqual(people.length * 2);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deliveryIds.toSorted()).toEqual(deliveries.map((d) => d.id).toSorted());
  });
});

describe('a grouped type', () => {
  it('counts the events of a group up in one unread notification', async () => {
    const client = await subscribedClient(t);
    const conversationId = randomUUID();
    await notify(newMessage(client, conversationId));
    await notify(newMessage(client, conversationId));
    await notify(newMessage(client, conversationId, 'Paul Martin'));
    expect(await rowsOf(t, client)).toMatchObject([{ groupCount: 3 }]);
    const [notification] = await centre(t, client);
    expect(notification).toMatchObject({ title: '3 nouveaux messages de Paul Martin', count: 3 });
  });

  it('starts a new notification once the group’s is read', async () => {
    const client = await subscribedClient(t);
    const conversationId = randomUUID();
    await notify(newMessage(client, conversationId));
    const [first] = await centre(t, client);
    expect(
      (await t.request('POST', `/api/notifications/${first!.id}/read`, { token: client.token })).status,
    ).toBe(200);
    await notify(newMessage(client, conversationId));
    expect((await rowsOf(t, client)).map((r) => [r.groupCount, r.readAt === null])).toEqual([
      [1, false],
      [1, true],
    ]);
  });

  it('keeps the groups of different conversations apart', async () => {
    const client = await subscribedClient(t);
    await notify(newMessage(client, randomUUID()));
    await notify(newMessage(client, randomUUID()));
    expect(await rowsOf(t, client)).toHaveLength(2);
  });
});

describe('the live notification', () => {
  it('reaches the recipient’s sockets with its texts and the unread count', async () => {
    const client = await subscribedClient(t);
    const socket = await connect(t.baseUrl, client.token);
    try {
      const live = nextEvent(socket, 'notification:new');
      await notify(statusChange([client]));
      expect(await live).toMatchObject({
        notification: { type: 'dossier.status_changed', title: 'Dossier FT-2026-00042 : Audit en cours' },
        unread: 1,
      });
    } finally {
      socket.close();
    }
  });

  it('comes again, counted up, for each event of a group', async () => {
    const client = await subscribedClient(t);
    const socket = await connect(t.baseUrl, client.token);
    try {
      const received = collect(socket, 'notification:new');
      const conversationId = randomUUID();
      await notify(newMessage(client, conversationId));
      await notify(newMessage(client, conversationId));
      await eventually(() =>
        expect(received.map((r) => [r.notification.count, r.unread])).toEqual([
          [1, 1],
          [2, 1],
        ]),
      );
    } finally {
      socket.close();
    }
  });
});

describe('the unread count a live notification carries', () => {
  it('counts a group’s archived notification again when its next event brings it back to the inbox', async () => {
    const client = await subscribedClient(t);
    const conversationId = randomUUID();
    await notify(statusChange([client]));
    await notify(newMessage(client, conversationId));
    const grouped = (await centre(t, client)).find((n) => n.type === 'message.new')!;
    const archived = await t.request('POST', `/api/notifications/${grouped.id}/archive`, {
      token: client.token,
    });
    expect(archived.status).toBe(200);
    const socket = await connect(t.baseUrl, client.token);
    try {
      const live = nextEvent(socket, 'notification:new');
      await notify(newMessage(client, conversationId));
      expect(await live).toMatchObject({ notification: { id: grouped.id, count: 2 }, unread: 2 });
    } finally {
      socket.close();
    }
  });

  it('leaves out the notifications the recipient already read', async () => {
    const client = await subscribedClient(t);
    await notify(statusChange([client]));
    const [read] = await centre(t, client);
    await t.request('POST', `/api/notifications/${read!.id}/read`, { token: client.token });
    const socket = await connect(t.baseUrl, client.token);
    try {
      const live = nextEvent(socket, 'notification:new');
      await notify(statusChange([client]));
      expect(await live).toMatchObject({ unread: 1 });
    } finally {
      socket.close();
    }
  });
});

describe('the recipient’s preferences', () => {
  it('keep a notification out of the centre when its in-app channel is off', async () => {
    const client = await subscribedClient(t);
    await setPreferences(client, { channels: { 'dossier.status_changed': { in_app: false } } });
    expect(await notify(statusChange([client]))).toEqual({ created: 1 });
    expect(await rowsOf(t, client)).toMatchObject([{ inApp: false }]);
    expect(await centre(t, client, 'view=all')).toEqual([]);
    expect((await t.request('GET', '/api/notifications/unread', { token: client.token })).body).toEqual({
      unread: 0,
    });
  });

  it('make no push delivery for a recipient with no subscribed browser', async () => {
    const client = await registerClient(t);
    await notify(statusChange([client]));
    expect((await deliveriesOf(t, client)).map((d) => d.channel)).toEqual(['email']);
  });

  it('make deliveries only on the channels they allow', async () => {
    const client = await subscribedClient(t);
    await setPreferences(client, { channels: { 'dossier.status_changed': { email: false } } });
    await notify(statusChange([client]));
    expect((await deliveriesOf(t, client)).map((d) => d.channel)).toEqual(['push']);
  });

  it('hold e-mails and pushes until their quiet hours end, and not the in-app notification', async () => {
    const client = await subscribedClient(t);
    // 08:00 UTC is 10:00 in Paris: inside 09:00–12:00, which ends at 10:00 UTC.
    await setPreferences(client, { quietHours: { start: '09:00', end: '12:00' } });
    await notify(statusChange([client]));
    expect(await centre(t, client)).toHaveLength(1);
    expect(await deliveriesOf(t, client)).toEqual([
      { channel: 'email', dueAt: new Date('2026-06-01T10:00:00Z') },
      { channel: 'push', dueAt: new Date('2026-06-01T10:00:00Z') },
    ]);
  });

  it('do not hold a security notice in quiet hours', async () => {
    const client = await subscribedClient(t);
    await setPreferences(client, { quietHours: { start: '09:00', end: '12:00' } });
    await notify({
      recipients: [client.user.id],
      ...notice('security.password_changed', {}),
      link: '/compte',
      eventKey: `test:${randomUUID()}`,
    });
    expect(await deliveriesOf(t, client)).toEqual([{ channel: 'email', dueAt: t.clock.now() }]);
  });
});

describe('a new message’s e-mail', () => {
  it('waits for the configured delay, its push does not', async () => {
    const client = await subscribedClient(t);
    await notify(newMessage(client, randomUUID()));
    // NEW_MESSAGE_EMAIL_DELAY_SECONDS: 300 by default.
    expect(await deliveriesOf(t, client)).toEqual([
      { channel: 'email', dueAt: new Date(t.clock.now().getTime() + 300_000) },
      { channel: 'push', dueAt: t.clock.now() },
    ]);
  });
});
