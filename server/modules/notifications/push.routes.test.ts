import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { registerClient, registerExpert, type Session } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { MAX_PUSH_SUBSCRIPTIONS_PER_USER } from './push.service.ts';

const { t, cast } = appWith(async (t) => ({
  claire: await registerClient(t),
  bruno: await registerClient(t, { firstName: 'Bruno' }),
}));

/** What a browser's `PushSubscription.toJSON()` gives. */
const browserSubscription = () => ({
  endpoint: `https://push.example.test/send/${randomUUID()}`,
  keys: {
    p256dh: createECDH('prime256v1').generateKeys('base64url'),
    auth: randomBytes(16).toString('base64url'),
  },
});

const subscribe = (who: Session, body: unknown, headers: Record<string, string> = {}) =>
  t.request('POST', '/api/push/subscriptions', { token: who.token, body, headers });

const unsubscribe = (who: Session, endpoint: string) =>
  t.request('DELETE', '/api/push/subscriptions', { token: who.token, body: { endpoint } });

const stored = (endpoint: string) =>
  t.db.selectFrom('pushSubscriptions').selectAll().where('endpoint', '=', endpoint).executeTakeFirst();

describe('GET /api/push/config', () => {
  it('gives a signed-in user the public key that browsers subscribe with', async () => {
    const res = await t.request('GET', '/api/push/config', { token: cast.claire.token });
    expect(res.status).toBe(200);
    const secret = await t.db
      .selectFrom('appSecrets')
      .select('value')
      .where('name', '=', 'vapid')
      .executeTakeFirstOrThrow();
    expect(res.body).toEqual({ publicKey: (secret.value as { publicKey: string }).publicKey });
  });

  it('answers 401 without a session', async () => {
    const res = await t.request('GET', '/api/push/config');
    expect(res.status).toBe(401);
  });
});

describe('POST /api/push/subscriptions', () => {
  it("records the browser for the caller, with the browser's user agent", async () => {
    const sub = browserSubscription();
    const res = await subscribe(cast.claire, sub, { 'user-agent': 'Mozilla/5.0 (X11; Linux) Firefox/140.0' });
    expect(res.status).toBe(204);
    expect(await stored(sub.endpoint)).toMatchObject({
      userId: cast.claire.user.id,
      p256dh: sub.keys.p256dh,
      auth: sub.keys.auth,
      userAgent: 'Mozilla/5.0 (X11; Linux) Firefox/140.0',
    });
  });

  it('refuses an endpoint that is not on an accepted push service (the server would post to it)', async () => {
    const sub = { ...browserSubscription(), endpoint: 'https://10.0.0.7/internal/admin' };
    const res = await subscribe(cast.claire, sub);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PUSH_SERVICE_NOT_ALLOWED');
    expect(await stored(sub.endpoint)).toBeUndefined();
  });

  it('accepts an endpoint on a sub-domain of an accepted push service', async () => {
    const sub = { ...browserSubscription(), endpoint: `https://eu.fcm.googleapis.com/wp/${randomUUID()}` };
    expect((await subscribe(cast.claire, sub)).status).toBe(204);
  });

  it('lets an expert whose account is pending subscribe (to hear that it was approved)', async () => {
    const pending = await registerExpert(t);
    const sub = browserSubscription();
    expect((await subscribe(pending, sub)).status).toBe(204);
    expect(await stored(sub.endpoint)).toMatchObject({ userId: pending.user.id });
  });

  it('keeps one subscription for a browser that subscribes again', async () => {
    const sub = browserSubscription();
    await subscribe(cast.claire, sub);
    expect((await subscribe(cast.claire, sub)).status).toBe(204);
    const rows = await t.db
      .selectFrom('pushSubscriptions')
      .select('id')
      .where('endpoint', '=', sub.endpoint)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('moves a browser subscribed again by another user to that user, with its new keys', async () => {
    const sub = browserSubscription();
    await subscribe(cast.claire, sub);
    const renewed = { ...sub, keys: browserSubscription().keys };
    expect((await subscribe(cast.bruno, renewed)).status).toBe(204);
    expect(await stored(sub.endpoint)).toMatchObject({
      userId: cast.bruno.user.id,
      p256dh: renewed.keys.p256dh,
    });
  });

  it(`keeps a user's ${MAX_PUSH_SUBSCRIPTIONS_PER_USER} most recent browsers`, async () => {
    const user = await registerClient(t);
    const subs = Array.from({ length: MAX_PUSH_SUBSCRIPTIONS_PER_USER + 1 }, browserSubscription);
    for (const sub of subs) {
      t.clock.advance(1000);
      expect((await subscribe(user, sub)).status).toBe(204);
    }
    const kept = await t.db
      .selectFrom('pushSubscriptions')
      .select('endpoint')
      .where('userId', '=', user.user.id)
      .execute();
    expect(kept.map((row) => row.endpoint).sort()).toEqual(
      subs
        .slice(1)
        .map((sub) => sub.endpoint)
        .sort(),
    );
  });

  it('answers 401 without a session', async () => {
    const res = await t.request('POST', '/api/push/subscriptions', { body: browserSubscription() });
    expect(res.status).toBe(401);
  });

  it.each([
    [
      'an endpoint that is not https',
      { ...browserSubscription(), endpoint: 'http://push.example.test/send/1' },
    ],
    ['an endpoint that is not a URL', { ...browserSubscription(), endpoint: 'push service' }],
    ['no keys', { endpoint: browserSubscription().endpoint }],
    ['a p256dh key too short', { ...browserSubscription(), keys: { p256dh: 'abc', auth: 'x'.repeat(22) } }],
    ['an auth secret too short', { ...browserSubscription(), keys: { p256dh: 'B'.repeat(87), auth: 'x' } }],
    ['no body', undefined],
  ])('refuses a subscription with %s (400)', async (_, body) => {
    const res = await subscribe(cast.claire, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('DELETE /api/push/subscriptions', () => {
  it("removes the caller's browser", async () => {
    const sub = browserSubscription();
    await subscribe(cast.claire, sub);
    expect((await unsubscribe(cast.claire, sub.endpoint)).status).toBe(204);
    expect(await stored(sub.endpoint)).toBeUndefined();
  });

  it("answers 404 for another user's browser, and keeps it", async () => {
    const sub = browserSubscription();
    await subscribe(cast.claire, sub);
    const res = await unsubscribe(cast.bruno, sub.endpoint);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('PUSH_SUBSCRIPTION_NOT_FOUND');
    expect(await stored(sub.endpoint)).toMatchObject({ userId: cast.claire.user.id });
  });

  it('answers 404 for an endpoint never subscribed', async () => {
    const res = await unsubscribe(cast.claire, browserSubscription().endpoint);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('PUSH_SUBSCRIPTION_NOT_FOUND');
  });

  it('refuses a body without an endpoint (400)', async () => {
    const res = await t.request('DELETE', '/api/push/subscriptions', { token: cast.claire.token, body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('answers 401 without a session', async () => {
    const res = await t.request('DELETE', '/api/push/subscriptions', {
      body: { endpoint: browserSubscription().endpoint },
    });
    expect(res.status).toBe(401);
  });
});
