import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { EmailDetail, EmailListItem } from '../../../common/emails.ts';
import { appWithAdmin, registerClient, uniqueEmail } from '../../../tests/support/factories.ts';

// No SMTP: every e-mail stays in the outbox, for the admins to read.
const { t, admin } = appWithAdmin();

const list = (query = '', token = admin.token) => t.request('GET', `/api/admin/emails${query}`, { token });

/** An e-mail kept in the outbox, queued as every module queues one. */
async function kept(overrides: { to?: string; kind?: string } = {}) {
  const to = overrides.to ?? uniqueEmail('boite');
  const { id } = await t.app.services.mailer.queue({
    idempotencyKey: `test:${randomUUID()}`,
    userId: null,
    to,
    kind: overrides.kind ?? 'dossier.status_changed',
    locale: 'fr',
    subject: 'Votre dossier a avancé',
    html: '<p>Bonjour</p>',
    text: 'Bonjour',
    headers: { 'List-Unsubscribe': '<https://exemple.fr/u>' },
  });
  return { id, to };
}

describe('the admins’ outbox', () => {
  it('lists the e-mails kept without SMTP, newest first', async () => {
    const older = await kept();
    t.clock.advance(1000);
    const newer = await kept();
    const res = await list();
    expect(res.status).toBe(200);
    const ids = (res.body.items as EmailListItem[]).map((e) => e.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(res.body.items.find((e: EmailListItem) => e.id === newer.id)).toMatchObject({
      to: newer.to,
      kind: 'dossier.status_changed',
      status: 'outbox',
      attempts: 0,
      subject: 'Votre dossier a avancé',
    });
  });

  it('shows one e-mail as rendered, with its headers', async () => {
    const email = await kept();
    const res = await t.request('GET', `/api/admin/emails/${email.id}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body as EmailDetail).toMatchObject({
      id: email.id,
      to: email.to,
      html: '<p>Bonjour</p>',
      text: 'Bonjour',
      headers: { 'List-Unsubscribe': '<https://exemple.fr/u>' },
      smtpMessageId: null,
    });
  });

  it('holds the account e-mails too: the verification link of a new account', async () => {
    const client = await registerClient(t);
    // Sent after the sign-up's commit, by the account e-mails' subscriber.
    const res = await vi.waitFor(async () => {
      const found = await list(`?recipient=${encodeURIComponent(client.user.email)}`);
      expect(found.body.items).toHaveLength(1);
      return found;
    });
    expect(res.body.items[0]).toMatchObject({ kind: 'account.verify_email', status: 'outbox' });
    const detail = await t.request('GET', `/api/admin/emails/${res.body.items[0].id}`, {
      token: admin.token,
    });
    expect(detail.body.text).toMatch(/\/verifier-email\?token=[\w-]{43}/);
  });

  it('filters by status, kind and recipient', async () => {
    const to = uniqueEmail('filtre');
    const wanted = await kept({ to, kind: 'review.created' });
    await kept({ to, kind: 'dossier.status_changed' });
    const res = await list(
      `?status=outbox&kind=review.created&recipient=${encodeURIComponent(to.slice(0, 12))}`,
    );
    expect(res.body.items.map((e: EmailListItem) => e.id)).toEqual([wanted.id]);
    expect((await list(`?status=sent&recipient=${encodeURIComponent(to)}`)).body.items).toEqual([]);
  });

  it('pages with a cursor, without repeating or losing an e-mail', async () => {
    const to = uniqueEmail('pages');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.unshift((await kept({ to })).id);
      t.clock.advance(10);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `?limit=2&recipient=${encodeURIComponent(to)}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await list(query);
      seen.push(...res.body.items.map((e: EmailListItem) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);
  });

  it('is for admins only', async () => {
    const client = await registerClient(t);
    const email = await kept();
    expect((await list('', client.token)).status).toBe(403);
    expect((await t.request('GET', `/api/admin/emails/${email.id}`, { token: client.token })).status).toBe(
      403,
    );
    expect((await t.request('GET', '/api/admin/emails')).status).toBe(401);
  });

  it('answers 404 for an unknown e-mail', async () => {
    const res = await t.request('GET', `/api/admin/emails/${randomUUID()}`, { token: admin.token });
    expect(res.status).toBe(404);
  });

  it('refuses bad input', async () => {
    for (const query of [
      '?status=perdu',
      '?limit=0',
      '?limit=500',
      '?kind=Pas%20un%20type',
      '?cursor=nope',
    ]) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
    }
    expect((await t.request('GET', '/api/admin/emails/pas-un-id', { token: admin.token })).status).toBe(400);
  });
});
