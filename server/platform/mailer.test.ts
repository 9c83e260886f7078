import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uniqueEmail } from '../../tests/support/factories.ts';
import { smtpTestApp } from '../../tests/support/smtp-server.ts';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';
import { type QueuedEmail, sendEmail } from './mailer.ts';

const { t, smtp } = smtpTestApp();

const anEmail = (overrides: Partial<QueuedEmail> = {}): QueuedEmail => ({
  idempotencyKey: `test:${randomUUID()}`,
  userId: null,
  to: uniqueEmail('destinataire'),
  kind: 'test',
  locale: 'fr',
  subject: 'Votre dossier a avancé',
  html: '<p>Bonjour, votre dossier a avancé.</p>',
  text: 'Bonjour, votre dossier a avancé.',
  ...overrides,
});

const row = (id: string) =>
  t.db.selectFrom('emailMessages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** The e-mail's first delivery over SMTP, once its job has recorded it. */
async function delivered(to: string) {
  const mail = await smtp.waitForMailTo(to);
  await t.app.services.jobs.idle();
  return mail;
}

/** An e-mail queued while the SMTP server is down, once its first attempt has failed; the server stays down. */
async function queuedWhileDown(email: QueuedEmail) {
  await smtp.stop();
  const { id } = await t.app.services.mailer.queue(email);
  await vi.waitFor(async () => expect((await row(id)).attempts).toBe(1), { timeout: 10_000, interval: 50 });
  return id;
}

describe('Mailer with SMTP', () => {
  it('sends a queued e-mail with its subject, both parts, its headers and the Message-ID of its row', async () => {
    const email = anEmail({ headers: { 'X-Campagne': 'essai' } });
    const { id, created } = await t.app.services.mailer.queue(email);
    const mail = await delivered(email.to);
    expect(created).toBe(true);
    expect(mail.subject).toBe('Votre dossier a avancé');
    expect(mail.html).toContain('<p>Bonjour, votre dossier a avancé.</p>');
    expect(mail.text.trim()).toBe('Bonjour, votre dossier a avancé.');
    expect(mail.header('x-campagne')).toBe('essai');
    expect(mail.header('from')).toBe('FinancialTracker <no-reply@financialtracker.fr>');
    expect(mail.messageId).toBe(`<${id}@financialtracker.fr>`);
  });

  it('records the e-mail sent, with one attempt and the message id', async () => {
    const email = anEmail();
    const { id } = await t.app.services.mailer.queue(email);
    await delivered(email.to);
    const sent = await row(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(sent.smtpMessageId).toBe(`<${id}@financialtracker.fr>`);
    expect(sent.sentAt).toEqual(t.clock.now());
  });

  it('keeps one e-mail per idempotency key', async () => {
    const email = anEmail();
    const first = await t.app.services.mailer.queue(email);
    const again = await t.app.services.mailer.queue({ ...email, subject: 'Autre chose' });
    await delivered(email.to);
    expect(again).toEqual({ id: first.id, created: false });
    const rows = await t.db
      .selectFrom('emailMessages')
      .select('subject')
      .where('idempotencyKey', '=', email.idempotencyKey)
      .execute();
    expect(rows).toEqual([{ subject: 'Votre dossier a avancé' }]);
  });

  it('sends an e-mail once, however many times its job runs', async () => {
    const email = anEmail();
    const { id } = await t.app.services.mailer.queue(email);
    await delivered(email.to);
    await t.app.services.jobs.runNow(sendEmail, { emailId: id });
    await t.app.services.jobs.runNow(sendEmail, { emailId: id });
    expect(smtp.to(email.to)).toHaveLength(1);
    expect((await row(id)).attempts).toBe(1);
  });
});

describe('Mailer with the SMTP server down', () => {
  it('keeps the e-mail queued after a failed attempt, with the error', async () => {
    const id = await queuedWhileDown(anEmail());
    await smtp.start();
    const queued = await row(id);
    expect(queued.status).toBe('queued');
    expect(queued.lastError).toMatch(/ECONNREFUSED/);
  });

  it('delivers it once when the server is back, however many times the job runs', async () => {
    const email = anEmail();
    const id = await queuedWhileDown(email);
    await smtp.start();
    await t.app.services.jobs.runNow(sendEmail, { emailId: id });
    await t.app.services.jobs.runNow(sendEmail, { emailId: id });
    expect(smtp.to(email.to)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('marks it failed after the last attempt, and never sends it then', async () => {
    const email = anEmail();
    const id = await queuedWhileDown(email);
    const lastAttempt = {
      clock: t.clock,
      signal: new AbortController().signal,
      attempt: sendEmail.retry!.limit,
    };
    await expect(
      sendEmail.run({ emailId: id }, { ...lastAttempt, mailer: t.app.services.mailer }),
    ).rejects.toThrow(/ECONNREFUSED/);
    await smtp.start();
    await t.app.services.jobs.runNow(sendEmail, { emailId: id });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(smtp.to(email.to)).toHaveLength(0);
  });
});

describe('Mailer without SMTP', () => {
  let outbox: TestApp;
  beforeAll(async () => {
    outbox = await startTestApp();
  });
  afterAll(() => outbox?.close());

  it('keeps the e-mail in the outbox, never attempted', async () => {
    const email = anEmail();
    const { id } = await outbox.app.services.mailer.queue(email);
    const kept = await outbox.db
      .selectFrom('emailMessages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ status: 'outbox', attempts: 0, toAddress: email.to, html: email.html });
  });
});
