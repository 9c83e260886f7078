import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NotificationType } from '../../../common/notifications.ts';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { smtpTestApp } from '../../../tests/support/smtp-server.ts';
import { renderNotification } from './templates.ts';

const PUBLIC_URL = 'https://app.financialtracker.test';
/** Sign-up sends a verification e-mail to the same address: left aside here. */
const VERIFY_SUBJECT = 'Confirmez votre adresse e-mail';
const statusChanged = {
  dossierId: randomUUID(),
  reference: 'TICPE-0042',
  productName: 'TICPE',
  companyName: 'Transports Dupont',
  from: 'eligible',
  to: 'expert_pending',
};

const { t, smtp } = smtpTestApp({ publicUrl: PUBLIC_URL });

async function inEnglish(session: Session) {
  const res = await t.request('PUT', '/api/notification-preferences', {
    token: session.token,
    body: { locale: 'en' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** The e-mail channel handed one delivery, as the deliver job hands it; resolves with the e-mail received. */
async function deliver(
  session: Session,
  type: NotificationType,
  data: Record<string, unknown>,
  options: { locale?: 'fr' | 'en'; deliveryId?: string } = {},
) {
  const locale = options.locale ?? 'fr';
  const link = `/dossiers/${statusChanged.dossierId}`;
  const outcome = await t.app.services.notifications.email.channel.deliver({
    deliveryId: options.deliveryId ?? randomUUID(),
    eventKey: `test:${randomUUID()}`,
    recipient: { id: session.user.id, email: session.user.email, firstName: session.user.firstName, locale },
    notification: { id: randomUUID(), type, link, count: 1 },
    content: renderNotification(type, data, locale),
  });
  expect(outcome).toEqual({ status: 'sent' });
  return smtp.waitFor((mail) => mail.to.includes(session.user.email) && mail.subject !== VERIFY_SUBJECT);
}

describe('the e-mail channel', () => {
  it('sends the notification under its title, in French, with the deep link to the object', async () => {
    const client = await registerClient(t);
    const mail = await deliver(client, 'dossier.status_changed', statusChanged);
    const expected = renderNotification('dossier.status_changed', statusChanged, 'fr');
    expect(mail.subject).toBe(expected.title);
    expect(mail.html).toContain('<html lang="fr"');
    expect(mail.text).toContain(expected.body);
    expect(mail.text).toContain(`Bonjour ${client.user.firstName},`);
    expect(mail.text).toContain(`${expected.action} : ${PUBLIC_URL}/dossiers/${statusChanged.dossierId}`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/dossiers/${statusChanged.dossierId}"`);
  });

  it('writes to an English reader in English', async () => {
    const client = await registerClient(t);
    const mail = await deliver(client, 'dossier.status_changed', statusChanged, { locale: 'en' });
    const expected = renderNotification('dossier.status_changed', statusChanged, 'en');
    expect(mail.subject).toBe(expected.title);
    expect(mail.html).toContain('<html lang="en"');
    expect(mail.text).toContain(`Hello ${client.user.firstName},`);
    expect(mail.text).toContain('Unsubscribe from this type of e-mail');
  });

  it('carries the one-click unsubscribe headers of RFC 2369 and RFC 8058', async () => {
    const client = await registerClient(t);
    const mail = await deliver(client, 'dossier.status_changed', statusChanged);
    expect(mail.header('list-unsubscribe')).toMatch(
      new RegExp(`^<${PUBLIC_URL}/api/notifications/unsubscribe\\?token=[\\w.-]+>$`),
    );
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = mail.header('list-unsubscribe')!.slice(1, -1);
    expect(mail.text).toContain(`Se désabonner de ce type d’e-mail : ${url}`);
    expect(mail.text).toContain(`Gérer mes notifications : ${PUBLIC_URL}/notifications/preferences`);
  });

  it('gives a security notice no unsubscribe link, but the link to the preferences', async () => {
    const client = await registerClient(t);
    const mail = await deliver(client, 'security.password_changed', {});
    expect(mail.header('list-unsubscribe')).toBeUndefined();
    expect(mail.text).not.toContain('Se désabonner');
    expect(mail.text).toContain(`Gérer mes notifications : ${PUBLIC_URL}/notifications/preferences`);
  });

  it('queues one e-mail per delivery, however many times it is handed', async () => {
    const client = await registerClient(t);
    const deliveryId = randomUUID();
    await deliver(client, 'dossier.status_changed', statusChanged, { deliveryId });
    await deliver(client, 'dossier.status_changed', statusChanged, { deliveryId });
    await t.app.services.jobs.idle();
    const rows = await t.db
      .selectFrom('emailMessages')
      .select('id')
      .where('idempotencyKey', '=', `delivery:${deliveryId}`)
      .execute();
    expect(rows).toHaveLength(1);
    expect(smtp.to(client.user.email).filter((m) => m.subject !== VERIFY_SUBJECT)).toHaveLength(1);
  });
});

describe('notification e-mails end to end', () => {
  it('e-mails a notification in the recipient’s language, from notify to the SMTP server', async () => {
    const client = await registerClient(t);
    await inEnglish(client);
    await t.app.services.notifications.notifications.notify({
      recipients: [client.user.id],
      type: 'dossier.status_changed',
      data: statusChanged,
      link: `/dossiers/${statusChanged.dossierId}`,
      eventKey: `test:${randomUUID()}`,
    });
    const expected = renderNotification('dossier.status_changed', statusChanged, 'en');
    const mail = await smtp.waitFor((m) => m.to.includes(client.user.email) && m.subject === expected.title);
    expect(mail.text).toContain(`${PUBLIC_URL}/dossiers/${statusChanged.dossierId}`);
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
  });
});
