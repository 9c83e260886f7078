import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { type FakeBrowser, startPushService } from '../../../tests/support/push-service.ts';
import { startedApp } from '../../../tests/support/test-app.ts';
import { eventually } from '../../../tests/support/waiting.ts';
import { deliverNotification } from './notifications.jobs.ts';

const PUBLIC_URL = 'https://app.financialtracker.test';

const service = await startPushService();
afterAll(() => service.close());

const t = startedApp({ publicUrl: PUBLIC_URL });

async function subscribedUser(): Promise<{ user: Session; browser: FakeBrowser }> {
  const user = await registerClient(t);
  const browser = service.subscribe();
  const res = await t.request('POST', '/api/push/subscriptions', {
    token: user.token,
    body: browser.subscription,
  });
  expect(res.status).toBe(204);
  return { user, browser };
}

/** A dossier's status change notified to the user: its deliveries' jobs are sent at once. */
async function notifyStatusChange(user: Session) {
  const dossierId = randomUUID();
  await t.app.services.notifications.notifications.notify({
    recipients: [user.user.id],
    type: 'dossier.status_changed',
    data: {
      dossierId,
      reference: 'TICPE-2026-0042',
      productName: 'TICPE',
      companyName: 'Transports Dupont',
      from: 'pre_eligibility_review',
      to: 'eligible',
    },
    link: `/dossiers/${dossierId}`,
    eventKey: `dossier.status_changed:${dossierId}:${t.clock.now().toISOString()}`,
  });
  return { link: `/dossiers/${dossierId}` };
}

const pushDelivery = (user: Session) =>
  t.db
    .selectFrom('notificationDeliveries')
    .selectAll()
    .where('recipientId', '=', user.user.id)
    .where('channel', '=', 'push')
    .executeTakeFirstOrThrow();

describe('a notification pushed by the deliver job', () => {
  it('shows on the browser what the notification centre shows, with its deep link', async () => {
    const { user, browser } = await subscribedUser();
    const { link } = await notifyStatusChange(user);
    await eventually(async () => expect((await pushDelivery(user)).status).toBe('sent'));
    const centre = await t.request('GET', '/api/notifications', { token: user.token });
    const [shown] = centre.body.items;
    expect(browser.received.map((push) => push.payload)).toEqual([
      expect.objectContaining({
        title: shown.title,
        body: shown.body,
        link: `${PUBLIC_URL}${link}`,
        notificationId: shown.id,
      }),
    ]);
  });

  it('is sent again by the job after the push service failed (500), and arrives once', async () => {
    const { user, browser } = await subscribedUser();
    browser.answers.push(500);
    await notifyStatusChange(user);
    await eventually(async () =>
      expect(await pushDelivery(user)).toMatchObject({ attempts: 1, status: 'pending' }),
    );
    expect((await pushDelivery(user)).lastError).toMatch(/HTTP 500/);

    t.clock.advance(30_000);
    const { id } = await pushDelivery(user);
    await t.app.services.jobs.runNow(deliverNotification, { deliveryIds: [id] });
    await eventually(async () =>
      expect(await pushDelivery(user)).toMatchObject({ status: 'sent', attempts: 2 }),
    );
    expect(browser.attempts).toBe(2);
    expect(browser.received).toHaveLength(1);
  });

  it('is skipped, and the subscription removed, when the push service says the browser is gone (410)', async () => {
    const { user, browser } = await subscribedUser();
    browser.answers.push(410);
    await notifyStatusChange(user);
    await eventually(async () =>
      expect(await pushDelivery(user)).toMatchObject({ status: 'skipped', skipReason: 'subscription_gone' }),
    );
    const left = await t.db
      .selectFrom('pushSubscriptions')
      .select('id')
      .where('userId', '=', user.user.id)
      .execute();
    expect(left).toEqual([]);
  });
});
