import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NotificationType } from '../../../common/notifications.ts';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { startedApp } from '../../../tests/support/test-app.ts';
import { eventually } from '../../../tests/support/waiting.ts';
import { connect, dossierWithExpert, nextEvent } from '../messaging/messaging.factories.ts';
import { centre, notified, sampleData } from './notifications.factories.ts';
import { notice } from './templates.ts';

const t = startedApp();

/** Notifies `who` of a sample of each of these types, one minute apart, oldest first; their ids, newest first. */
async function notifications(who: Session, types: NotificationType[]): Promise<string[]> {
  for (const type of types) {
    t.clock.advance(60_000);
    await t.app.services.notifications.notifications.notify({
      recipients: [who.user.id],
      ...notice(type, sampleData[type] as never),
      link: '/compte',
      eventKey: `test:${randomUUID()}`,
    });
  }
  return (await centre(t, who, 'limit=100')).map((n) => n.id);
}

const act = (who: Session, id: string, action: 'read' | 'unread' | 'archive' | 'unarchive') =>
  t.request('POST', `/api/notifications/${id}/${action}`, { token: who.token });
const unread = async (who: Session) =>
  (await t.request('GET', '/api/notifications/unread', { token: who.token })).body.unread;

describe('the notification centre', () => {
  it('counts the unread notifications', async () => {
    const client = await registerClient(t);
    await notifications(client, ['reminder', 'report.ready', 'announcement']);
    expect(await unread(client)).toBe(3);
  });

  it('marks one read, and tells the user’s other tabs', async () => {
    const client = await registerClient(t);
    const [id] = await notifications(client, ['reminder', 'announcement']);
    const socket = await connect(t.baseUrl, client.token);
    try {
      const told = nextEvent(socket, 'notification:read');
      const res = await act(client, id!, 'read');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, readAt: t.clock.now().toISOString() });
      expect(await told).toEqual({ ids: [id], unread: 1 });
    } finally {
      socket.close();
    }
  });

  it('marks one unread again, and tells the user’s other tabs', async () => {
    const client = await registerClient(t);
    const [id] = await notifications(client, ['reminder']);
    await act(client, id!, 'read');
    const socket = await connect(t.baseUrl, client.token);
    try {
      const told = nextEvent(socket, 'notification:updated');
      const res = await act(client, id!, 'unread');
      expect(res.body.readAt).toBeNull();
      expect(await told).toMatchObject({ notification: { id, readAt: null }, unread: 1 });
    } finally {
      socket.close();
    }
  });

  it('archives one out of the inbox and brings it back', async () => {
    const client = await registerClient(t);
    const [id, other] = await notifications(client, ['reminder', 'announcement']);
    expect((await act(client, id!, 'archive')).body.archivedAt).toBe(t.clock.now().toISOString());
    expect((await centre(t, client)).map((n) => n.id)).toEqual([other]);
    expect((await centre(t, client, 'view=archived')).map((n) => n.id)).toEqual([id]);
    expect(await unread(client)).toBe(1);
    await act(client, id!, 'unarchive');
    expect((await centre(t, client)).map((n) => n.id)).toEqual([id, other]);
  });

  it('marks all read up to what the user saw, leaving a newer one unread', async () => {
    const client = await registerClient(t);
    await notifications(client, ['reminder', 'announcement']);
    const seen = t.clock.now().toISOString();
    const [newer] = await notifications(client, ['report.ready']);
    const res = await t.request('POST', '/api/notifications/read-all', {
      token: client.token,
      body: { before: seen },
    });
    expect(res.body).toEqual({ unread: 1 });
    expect((await centre(t, client, 'view=unread')).map((n) => n.id)).toEqual([newer]);
  });

  it('pages newest first, without gaps or repeats', async () => {
    const client = await registerClient(t);
    const all = await notifications(client, [
      'reminder',
      'announcement',
      'report.ready',
      'reminder',
      'reminder',
    ]);
    const seen: string[] = [];
    let cursor = '';
    do {
      const res = await t.request('GET', `/api/notifications?limit=2${cursor && `&cursor=${cursor}`}`, {
        token: client.token,
      });
      seen.push(...res.body.items.map((n: { id: string }) => n.id));
      cursor = res.body.nextCursor ?? '';
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('filters by types, by category and by unread', async () => {
    const client = await registerClient(t);
    const [report, announcement, reminder] = await notifications(client, [
      'reminder',
      'announcement',
      'report.ready',
    ]);
    await act(client, announcement!, 'read');
    expect((await centre(t, client, 'types=reminder,report.ready')).map((n) => n.id)).toEqual([
      report,
      reminder,
    ]);
    expect((await centre(t, client, 'category=platform')).map((n) => n.id)).toEqual([report, announcement]);
    expect((await centre(t, client, 'view=unread')).map((n) => n.id)).toEqual([report, reminder]);
    expect(await centre(t, client, 'types=reminder&category=platform')).toEqual([]);
  });

  it('finds notifications by their French or English words', async () => {
    const client = await registerClient(t);
    const [report, announcement] = await notifications(client, ['announcement', 'report.ready']);
    expect((await centre(t, client, 'q=samedi')).map((n) => n.id)).toEqual([announcement]);
    expect((await centre(t, client, 'q=annual%20report')).map((n) => n.id)).toEqual([report]);
    expect(await centre(t, client, 'q=introuvable')).toEqual([]);
  });

  it('answers 404 for another user’s notification, whatever the action', async () => {
    const [owner, other] = [await registerClient(t), await registerClient(t)];
    const [id] = await notifications(owner, ['reminder']);
    for (const action of ['read', 'unread', 'archive', 'unarchive'] as const) {
      const res = await act(other, id!, action);
      expect(res.status, action).toBe(404);
      expect(res.body.error.code).toBe('NOTIFICATION_NOT_FOUND');
    }
    expect((await centre(t, owner))[0]).toMatchObject({ id, readAt: null, archivedAt: null });
  });

  it('marks a message’s notification read when its conversation is read', async () => {
    const c = await dossierWithExpert(t);
    const sent = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.expert.token,
      body: { clientKey: randomUUID(), body: 'Bonjour' },
    });
    const [message] = await notified(t, c.client, 'message.new');
    expect(message?.readAt).toBeNull();
    const read = await t.request('POST', `/api/conversations/${c.conversationId}/read`, {
      token: c.client.token,
      body: { seq: sent.body.message.seq },
    });
    expect(read.status).toBe(200);
    await eventually(async () =>
      expect((await centre(t, c.client)).find((n) => n.id === message!.id)?.readAt).not.toBeNull(),
    );
  });
});

describe('bad input', () => {
  it.each([
    ['a view it does not know', '/api/notifications?view=everything'],
    ['a type it does not know', '/api/notifications?types=message.new,bogus'],
    ['a category it does not know', '/api/notifications?category=weather'],
    ['a search of one letter', '/api/notifications?q=a'],
    ['a page size of zero', '/api/notifications?limit=0'],
    ['a forged cursor', '/api/notifications?cursor=bm90LWEtY3Vyc29y'],
  ])('answers 400 to a list with %s', async (_, path) => {
    const client = await registerClient(t);
    const res = await t.request('GET', path, { token: client.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/^(VALIDATION_ERROR|INVALID_CURSOR)$/);
  });

  it.each(['read', 'unread', 'archive', 'unarchive'])(
    'answers 400 to %s of an id that is not one',
    async (action) => {
      const client = await registerClient(t);
      const res = await t.request('POST', `/api/notifications/not-an-id/${action}`, { token: client.token });
      expect(res.status).toBe(400);
    },
  );

  it('answers 400 to read-all with a time that is not one', async () => {
    const client = await registerClient(t);
    const res = await t.request('POST', '/api/notifications/read-all', {
      token: client.token,
      body: { before: 'yesterday' },
    });
    expect(res.status).toBe(400);
  });

  it('answers 401 without a session', async () => {
    expect((await t.request('GET', '/api/notifications')).status).toBe(401);
    expect((await t.request('GET', '/api/notifications/unread')).status).toBe(401);
  });
});
