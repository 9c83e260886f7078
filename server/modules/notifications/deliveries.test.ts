import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../tests/support/factories.ts';
import { eventually } from '../../../tests/support/waiting.ts';
import type { DeliveryChannelName } from './channel.ts';
import { MAX_ATTEMPTS } from './deliveries.ts';
import { notificationsTestApp, sampleData, subscribedClient } from './notifications.factories.ts';
import { deliverNotification, deliverOverdueNotifications } from './notifications.jobs.ts';
import type { NotifyRequest } from './notifications.service.ts';
import { notice } from './templates.ts';

const { t, channels } = notificationsTestApp();

const MESSAGE_EMAIL_DELAY_MS = 300_000;
const notify = (request: NotifyRequest) => t.app.services.notifications.notifications.notify(request);
const run = (...deliveryIds: string[]) => t.app.services.jobs.runNow(deliverNotification, { deliveryIds });

const statusChange = (who: Session): NotifyRequest => ({
  recipients: [who.user.id],
  ...notice('dossier.status_changed', sampleData['dossier.status_changed']),
  link: '/dossiers/d1',
  eventKey: `test:${randomUUID()}`,
});
const newMessage = (who: Session, conversationId: string): NotifyRequest => ({
  recipients: [who.user.id],
  ...notice('message.new', { conversationId, senderName: 'Marie Dupont', excerpt: 'Bonjour' }),
  link: `/messages/${conversationId}`,
  eventKey: `test:${randomUUID()}`,
  groupKey: `conversation:${conversationId}`,
});

/** The user's deliveries on a channel, oldest first. */
const deliveries = (who: Session, channel: DeliveryChannelName) =>
  t.db
    .selectFrom('notificationDeliveries')
    .select(['id', 'status', 'skipReason', 'attempts', 'lastError', 'dueAt', 'sentAt'])
    .where('recipientId', '=', who.user.id)
    .where('channel', '=', channel)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
const received = (channel: DeliveryChannelName, deliveryId: string) =>
  channels[channel].received.filter((d) => d.deliveryId === deliveryId);

const setPreferences = async (who: Session, body: Record<string, unknown>) => {
  const res = await t.request('PUT', '/api/notification-preferences', { token: who.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

/** Quiet hours (Paris time, the default zone) from the start of the clock's hour to `hours` after it. */
function aroundNow(hours: number) {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(
      t.clock.now(),
    ),
  );
  const at = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return { start: at(hour), end: at(hour + hours) };
}

/** A new-message e-mail waiting for its delay, then the clock moved to when it falls due. */
async function dueMessageEmail(who: Session) {
  await notify(newMessage(who, randomUUID()));
  const [email] = await deliveries(who, 'email');
  t.clock.advance(MESSAGE_EMAIL_DELAY_MS);
  return email!;
}

describe('a due delivery', () => {
  it('goes out once on its channel, in the recipient’s language', async () => {
    const client = await subscribedClient(t);
    await setPreferences(client, { locale: 'en' });
    await notify(statusChange(client));
    const [email] = await deliveries(client, 'email');
    await eventually(async () => expect((await deliveries(client, 'email'))[0]?.status).toBe('sent'));
    await run(email!.id);
    const sent = received('email', email!.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      recipient: { id: client.user.id, email: client.user.email, locale: 'en' },
      notification: { type: 'dossier.status_changed', link: '/dossiers/d1', count: 1 },
      content: { title: 'File FT-2026-00042: Audit in progress', action: 'View the file' },
    });
    expect((await deliveries(client, 'email'))[0]).toMatchObject({ attempts: 1, sentAt: t.clock.now() });
  });

  it('goes out with the others of a run, each once, each recorded', async () => {
    const people = [await subscribedClient(t), await subscribedClient(t), await subscribedClient(t)];
    for (const who of people) await notify(newMessage(who, randomUUID()));
    const emails = await Promise.all(people.map(async (who) => (await deliveries(who, 'email'))[0]!));
    t.clock.advance(MESSAGE_EMAIL_DELAY_MS);
    await run(...emails.map((e) => e.id));
    for (const [i, who] of people.entries()) {
      expect(received('email', emails[i]!.id)).toHaveLength(1);
      expect((await deliveries(who, 'email'))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    }
  });

  it('goes out from a job of one delivery sent before deliveries went together', async () => {
    const client = await subscribedClient(t);
    const email = await dueMessageEmail(client);
    await t.app.services.jobs.runNow(deliverNotification, { deliveryId: email.id });
    expect(received('email', email.id)).toHaveLength(1);
    expect((await deliveries(client, 'email'))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('records a skip the channel answers, with its reason', async () => {
    const client = await subscribedClient(t);
    channels.push.answer = { skip: 'no_subscription' };
    try {
      await notify(statusChange(client));
      await eventually(async () =>
        expect((await deliveries(client, 'push'))[0]).toMatchObject({
          status: 'skipped',
          skipReason: 'no_subscription',
        }),
      );
    } finally {
      channels.push.answer = 'send';
    }
  });
});

describe('quiet hours', () => {
  it('hold a delivery until they end, then it goes out', async () => {
    const client = await subscribedClient(t);
    await setPreferences(client, { quietHours: aroundNow(1) });
    await notify(statusChange(client));
    const [push] = await deliveries(client, 'push');
    await run(push!.id);
    expect(received('push', push!.id)).toEqual([]);
    t.clock.advance(60 * 60_000);
    await run(push!.id);
    expect(received('push', push!.id)).toHaveLength(1);
  });

  it('move a delivery that falls due within them to their end', async () => {
    const client = await subscribedClient(t);
    const email = await dueMessageEmail(client);
    await setPreferences(client, { quietHours: aroundNow(2) });
    await run(email.id);
    expect(received('email', email.id)).toEqual([]);
    const [held] = await deliveries(client, 'email');
    expect(held?.status).toBe('pending');
    expect(held!.dueAt.getTime() - t.clock.now().getTime()).toBeGreaterThan(60 * 60_000);
  });
});

describe('a new message’s e-mail', () => {
  it('is not sent when the message was read in the app meanwhile', async () => {
    const client = await subscribedClient(t);
    const email = await dueMessageEmail(client);
    const [notification] = (await t.request('GET', '/api/notifications', { token: client.token })).body.items;
    await t.request('POST', `/api/notifications/${notification.id}/read`, { token: client.token });
    await run(email.id);
    expect(received('email', email.id)).toEqual([]);
    expect((await deliveries(client, 'email'))[0]).toMatchObject({ status: 'skipped', skipReason: 'read' });
  });

  it('says it all in the last of a conversation’s waiting e-mails, the earlier ones skipped', async () => {
    const client = await subscribedClient(t);
    const conversationId = randomUUID();
    await notify(newMessage(client, conversationId));
    t.clock.advance(60_000);
    await notify(newMessage(client, conversationId));
    const [first, second] = await deliveries(client, 'email');
    t.clock.advance(MESSAGE_EMAIL_DELAY_MS);
    await run(first!.id);
    await run(second!.id);
    expect(received('email', first!.id)).toEqual([]);
    expect(received('email', second!.id).map((d) => d.content.title)).toEqual([
      '2 nouveaux messages de Marie Dupont',
    ]);
    expect((await deliveries(client, 'email')).map((d) => d.skipReason ?? d.status)).toEqual([
      'superseded',
      'sent',
    ]);
  });
});

describe('a delivery the recipient no longer wants', () => {
  it('is skipped when its channel was turned off since', async () => {
    const client = await subscribedClient(t);
    const email = await dueMessageEmail(client);
    await setPreferences(client, { channels: { 'message.new': { email: false } } });
    await run(email.id);
    expect((await deliveries(client, 'email'))[0]).toMatchObject({
      status: 'skipped',
      skipReason: 'preference',
    });
  });

  it('is left to the digest when the recipient chose one', async () => {
    const client = await subscribedClient(t);
    const email = await dueMessageEmail(client);
    await setPreferences(client, { digest: 'daily' });
    await run(email.id);
    expect((await deliveries(client, 'email'))[0]).toMatchObject({ status: 'skipped', skipReason: 'digest' });
  });

  it('still goes out for a security notice, despite the digest', async () => {
    const client = await subscribedClient(t);
    await setPreferences(client, { digest: 'weekly' });
    await notify({
      recipients: [client.user.id],
      ...notice('security.password_changed', {}),
      link: '/compte',
      eventKey: `test:${randomUUID()}`,
    });
    await eventually(async () => expect((await deliveries(client, 'email'))[0]?.status).toBe('sent'));
  });
});

describe('a failing channel', () => {
  it('is tried again later, then the delivery is recorded as failed after the last attempt', async () => {
    const client = await subscribedClient(t);
    const email = await dueMessageEmail(client);
    channels.email.answer = 'fail';
    try {
      await run(email.id);
      expect((await deliveries(client, 'email'))[0]).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'channel unreachable',
        dueAt: new Date(t.clock.now().getTime() + 30_000),
      });
      while ((await deliveries(client, 'email'))[0]!.status === 'pending') {
        t.clock.advance(10 * 60_000);
        await run(email.id);
      }
      expect((await deliveries(client, 'email'))[0]).toMatchObject({
        status: 'failed',
        attempts: MAX_ATTEMPTS,
      });
      expect(received('email', email.id)).toHaveLength(MAX_ATTEMPTS);
    } finally {
      channels.email.answer = 'send';
    }
  });
});

describe('the sweep', () => {
  it('sends again the deliveries still pending well after they fell due', async () => {
    const client = await subscribedClient(t);
    const email = await dueMessageEmail(client);
    t.clock.advance(6 * 60_000);
    await t.app.services.jobs.runNow(deliverOverdueNotifications, {});
    await eventually(() => expect(received('email', email.id)).toHaveLength(1));
  });
});
