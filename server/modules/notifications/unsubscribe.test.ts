import { describe, expect, it } from 'vitest';
import type { NotificationType } from '../../../common/notifications.ts';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { startedApp } from '../../../tests/support/test-app.ts';

const t = startedApp();

const tokenFor = (session: Session, type: NotificationType) =>
  t.app.services.notifications.email.links.token(session.user.id, type);

/** A mail client's one-click request (RFC 8058): a form POST to the List-Unsubscribe URL. */
const oneClick = (token: string) =>
  t.request('POST', `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

async function channelsOf(session: Session, type: NotificationType) {
  const res = await t.request('GET', '/api/notification-preferences', { token: session.token });
  expect(res.status).toBe(200);
  return res.body.channels[type];
}

describe('one-click unsubscribe', () => {
  it('turns the e-mails of the link’s type off', async () => {
    const client = await registerClient(t);
    expect((await oneClick(tokenFor(client, 'dossier.status_changed'))).status).toBe(204);
    expect(await channelsOf(client, 'dossier.status_changed')).toEqual({
      in_app: true,
      email: false,
      push: true,
    });
  });

  it('keeps the user’s other choices for that type and the others', async () => {
    const client = await registerClient(t);
    const put = await t.request('PUT', '/api/notification-preferences', {
      token: client.token,
      body: { channels: { 'dossier.status_changed': { push: false }, 'message.new': { email: false } } },
    });
    expect(put.status).toBe(200);
    await oneClick(tokenFor(client, 'dossier.status_changed'));
    expect(await channelsOf(client, 'dossier.status_changed')).toEqual({
      in_app: true,
      email: false,
      push: false,
    });
    expect(await channelsOf(client, 'message.new')).toEqual({ in_app: true, email: false, push: true });
    expect(await channelsOf(client, 'dossier.expert_assigned')).toEqual({
      in_app: true,
      email: true,
      push: true,
    });
  });

  it('answers the same when the link is followed again', async () => {
    const client = await registerClient(t);
    const token = tokenFor(client, 'dossier.status_changed');
    expect((await oneClick(token)).status).toBe(204);
    expect((await oneClick(token)).status).toBe(204);
    expect((await channelsOf(client, 'dossier.status_changed')).email).toBe(false);
  });

  it('from a browser, does the same and goes on to the preferences page', async () => {
    const client = await registerClient(t);
    const token = tokenFor(client, 'review.replied');
    const res = await fetch(`${t.baseUrl}/api/notifications/unsubscribe?token=${token}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/notifications/preferences?unsubscribed=review.replied');
    expect((await channelsOf(client, 'review.replied')).email).toBe(false);
  });

  it('refuses a forged link', async () => {
    const client = await registerClient(t);
    const [payload] = tokenFor(client, 'dossier.status_changed').split('.');
    const res = await oneClick(`${payload}.${'A'.repeat(43)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UNSUBSCRIBE_LINK_INVALID');
    expect((await channelsOf(client, 'dossier.status_changed')).email).toBe(true);
  });

  it('refuses a link whose user or type was swapped for another', async () => {
    const client = await registerClient(t);
    const other = await registerClient(t);
    const [, signature] = tokenFor(client, 'dossier.status_changed').split('.');
    const swapped = Buffer.from(`${other.user.id}:dossier.status_changed`).toString('base64url');
    const res = await oneClick(`${swapped}.${signature}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UNSUBSCRIBE_LINK_INVALID');
    expect((await channelsOf(other, 'dossier.status_changed')).email).toBe(true);
  });

  it('refuses to turn a security notice off', async () => {
    const client = await registerClient(t);
    const res = await oneClick(tokenFor(client, 'security.new_sign_in'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UNSUBSCRIBE_LINK_INVALID');
  });

  it('refuses garbage, and a request without a token', async () => {
    const garbage = await t.request('GET', '/api/notifications/unsubscribe?token=n%27importe-quoi');
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.code).toBe('UNSUBSCRIBE_LINK_INVALID');
    const missing = await t.request('GET', '/api/notifications/unsubscribe');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_ERROR');
  });
});
