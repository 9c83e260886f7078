import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { NotificationType } from '../../../common/notifications.ts';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { type FakeBrowser, startPushService } from '../../../tests/support/push-service.ts';
import { startedApp } from '../../../tests/support/test-app.ts';
import type { ChannelDelivery } from './channel.ts';

const PUBLIC_URL = 'https://app.financialtracker.test';
const SUBJECT = 'mailto:support@financialtracker.fr';

const service = await startPushService();
afterAll(() => service.close());

const t = startedApp({ publicUrl: PUBLIC_URL, vapidSubject: SUBJECT });
const channel = () => t.app.services.notifications.push.channel;

/** A user with these browsers subscribed through the API. */
async function userWithBrowsers(count: number) {
  const user = await registerClient(t);
  const browsers: FakeBrowser[] = [];
  for (let i = 0; i < count; i++) {
    const browser = service.subscribe();
    const res = await t.request('POST', '/api/push/subscriptions', {
      token: user.token,
      body: browser.subscription,
    });
    expect(res.status).toBe(204);
    browsers.push(browser);
  }
  return { user, browsers };
}

const delivery = (
  user: Session,
  notification: { type?: NotificationType; link?: string } = {},
): ChannelDelivery => ({
  deliveryId: randomUUID(),
  eventKey: `test:${randomUUID()}`,
  recipient: { id: user.user.id, email: user.user.email, firstName: user.user.firstName, locale: 'fr' },
  notification: {
    id: randomUUID(),
    type: notification.type ?? 'dossier.status_changed',
    link: notification.link ?? `/dossiers/${randomUUID()}`,
    count: 1,
  },
  content: {
    title: 'Dossier accepté',
    body: 'Votre dossier TICPE a été accepté.',
    action: 'Voir le dossier',
  },
});

const subscriptionsOf = (user: Session) =>
  t.db.selectFrom('pushSubscriptions').selectAll().where('userId', '=', user.user.id).execute();

describe('a delivered push', () => {
  it('reaches the browser, which decrypts its title, body, absolute link, tag and notification id', async () => {
    const { user, browsers } = await userWithBrowsers(1);
    const input = delivery(user);
    expect(await channel().deliver(input)).toEqual({ status: 'sent' });
    expect(service.rejected).toEqual([]);
    expect(browsers[0]!.received.map((push) => push.payload)).toEqual([
      {
        title: 'Dossier accepté',
        body: 'Votre dossier TICPE a été accepté.',
        link: `${PUBLIC_URL}${input.notification.link}`,
        tag: browsers[0]!.received[0]!.topic,
        notificationId: input.notification.id,
      },
    ]);
  });

  it("is signed with the server's VAPID key, for this push service, with the configured contact", async () => {
    const { user, browsers } = await userWithBrowsers(1);
    await channel().deliver(delivery(user));
    const { publicKey } = (await t.request('GET', '/api/push/config', { token: user.token })).body;
    expect(browsers[0]!.received[0]!.vapid).toMatchObject({
      publicKey,
      claims: { aud: service.origin, sub: SUBJECT },
    });
  });

  it('is kept by the push service for a day at most', async () => {
    const { user, browsers } = await userWithBrowsers(1);
    await channel().deliver(delivery(user));
    expect(browsers[0]!.received[0]!.ttl).toBe(24 * 60 * 60);
  });

  it('reaches every browser of the recipient', async () => {
    const { user, browsers } = await userWithBrowsers(2);
    expect(await channel().deliver(delivery(user))).toEqual({ status: 'sent' });
    expect(browsers.map((browser) => browser.received.length)).toEqual([1, 1]);
  });

  it('records when each browser last got one', async () => {
    const { user } = await userWithBrowsers(1);
    t.clock.advance(60_000);
    await channel().deliver(delivery(user));
    const [subscription] = await subscriptionsOf(user);
    expect(subscription!.lastSuccessAt).toEqual(t.clock.now());
  });
});

describe('topics: a newer push about the same object replaces the older one', () => {
  it('gives two notifications about one object the same topic and tag', async () => {
    const { user, browsers } = await userWithBrowsers(1);
    const link = `/dossiers/${randomUUID()}`;
    await channel().deliver(delivery(user, { link }));
    await channel().deliver(delivery(user, { link }));
    const [older, newer] = browsers[0]!.received;
    expect(newer!.topic).toBe(older!.topic);
    expect(newer!.payload).toMatchObject({ tag: older!.topic });
  });

  it('gives notifications about different objects different topics', async () => {
    const { user, browsers } = await userWithBrowsers(1);
    await channel().deliver(delivery(user));
    await channel().deliver(delivery(user));
    const [first, second] = browsers[0]!.received;
    expect(second!.topic).not.toBe(first!.topic);
  });

  it('gives different kinds of notification about one object different topics', async () => {
    const { user, browsers } = await userWithBrowsers(1);
    const link = `/dossiers/${randomUUID()}`;
    await channel().deliver(delivery(user, { type: 'dossier.status_changed', link }));
    await channel().deliver(delivery(user, { type: 'dossier.expert_assigned', link }));
    const [first, second] = browsers[0]!.received;
    expect(second!.topic).not.toBe(first!.topic);
  });
});

describe('urgency', () => {
  it.each([
    ['message.new', 'high'],
    ['security.new_sign_in', 'high'],
    ['dossier.status_changed', 'normal'],
    ['announcement', 'low'],
  ] as const)('asks the push service to deliver a %s push with urgency %s', async (type, urgency) => {
    const { user, browsers } = await userWithBrowsers(1);
    await channel().deliver(delivery(user, { type }));
    expect(browsers[0]!.received[0]!.urgency).toBe(urgency);
  });
});

describe('failures', () => {
  it('skips a recipient who subscribed no browser', async () => {
    const user = await registerClient(t);
    expect(await channel().deliver(delivery(user))).toEqual({
      status: 'skipped',
      reason: 'no_subscription',
    });
  });

  it.each([410, 404])('removes a subscription the push service answers %i (gone)', async (status) => {
    const { user, browsers } = await userWithBrowsers(1);
    browsers[0]!.answers.push(status);
    expect(await channel().deliver(delivery(user))).toEqual({
      status: 'skipped',
      reason: 'subscription_gone',
    });
    expect(await subscriptionsOf(user)).toEqual([]);
  });

  it('keeps the browsers still subscribed when another one is gone', async () => {
    const { user, browsers } = await userWithBrowsers(2);
    browsers[0]!.answers.push(410);
    expect(await channel().deliver(delivery(user))).toEqual({ status: 'sent' });
    const kept = await subscriptionsOf(user);
    expect(kept.map((sub) => sub.endpoint)).toEqual([browsers[1]!.subscription.endpoint]);
  });

  it('throws when no browser could be reached for now (500), so that the job tries again', async () => {
    const { user, browsers } = await userWithBrowsers(2);
    for (const browser of browsers) browser.answers.push(500);
    await expect(channel().deliver(delivery(user))).rejects.toThrow(/HTTP 500/);
    expect(await subscriptionsOf(user)).toHaveLength(2);
  });

  it('counts as sent when one browser got it and another failed (a retry would show it twice)', async () => {
    const { user, browsers } = await userWithBrowsers(2);
    browsers[0]!.answers.push(503);
    expect(await channel().deliver(delivery(user))).toEqual({ status: 'sent' });
    expect(browsers.map((browser) => browser.received.length)).toEqual([0, 1]);
  });

  it('throws when the push service cannot be reached at all', async () => {
    const user = await registerClient(t);
    const endpoint = `https://127.0.0.1:1/push/${randomUUID()}`;
    const keys = service.subscribe().subscription.keys;
    await t.request('POST', '/api/push/subscriptions', { token: user.token, body: { endpoint, keys } });
    await expect(channel().deliver(delivery(user))).rejects.toThrow(/ECONNREFUSED/);
  });
});
