import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DigestFrequency } from '../../../common/notifications.ts';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { smtpTestApp } from '../../../tests/support/smtp-server.ts';
import { sendDigests } from './digest.jobs.ts';
import { digestPeriodStart } from './digest.ts';
import { renderNotification } from './templates.ts';

const { t, smtp } = smtpTestApp();

const HOUR = 3_600_000;

async function subscriber(digest: DigestFrequency, body: Record<string, unknown> = {}) {
  const client = await registerClient(t);
  const res = await t.request('PUT', '/api/notification-preferences', {
    token: client.token,
    body: { digest, timeZone: 'Europe/Paris', ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return client;
}

const statusChange = (reference: string) => ({
  dossierId: randomUUID(),
  reference,
  productName: 'TICPE',
  companyName: 'Transports Dupont',
  from: 'eligible',
  to: 'expert_pending',
});

const reminder = { subject: { fr: 'Pensez au Kbis', en: 'Mind the Kbis' } };

async function notify(session: Session, type: 'dossier.status_changed' | 'reminder', data: object) {
  await t.app.services.notifications.notifications.notify({
    recipients: [session.user.id],
    type,
    data: data as Record<string, unknown>,
    link: '/espace',
    eventKey: `test:${randomUUID()}`,
  });
}

/** Moves the clock to the next whole hour `utcHour` (and day of the week, 0 = Sunday, when given). */
function advanceTo(utcHour: number, utcDay?: number) {
  const next = new Date(t.clock.now());
  next.setUTCMinutes(0, 0, 0);
  do next.setTime(next.getTime() + HOUR);
  while (next.getUTCHours() !== utcHour || (utcDay !== undefined && next.getUTCDay() !== utcDay));
  t.clock.advance(next.getTime() - t.clock.now().getTime());
}

// Europe/Paris is UTC+2 in June: 8:00 there is 06:00 UTC.
const PARIS_8AM = 6;
const MONDAY = 1;
const TUESDAY = 2;

async function runDigests() {
  await t.app.services.jobs.runNow(sendDigests, {});
  await t.app.services.jobs.idle();
}

const digestsOf = (session: Session) =>
  t.db
    .selectFrom('emailMessages')
    .select(['subject', 'text', 'idempotencyKey'])
    .where('userId', '=', session.user.id)
    .where('kind', '=', 'digest')
    .orderBy('createdAt')
    .execute();

describe('the e-mail digest', () => {
  it('is sent daily at 8:00 in the user’s time zone: each type, its latest notification and how many more', async () => {
    const client = await subscriber('daily');
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0001'));
    t.clock.advance(60_000);
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0002'));
    await notify(client, 'reminder', reminder);
    advanceTo(PARIS_8AM);
    await runDigests();
    const mail = await smtp.waitFor((m) => m.to.includes(client.user.email) && m.subject.includes('résumé'));
    expect(mail.subject).toBe('Votre résumé quotidien : 3 notifications non lues');
    const latest = renderNotification('dossier.status_changed', statusChange('TICPE-0002'), 'fr').title;
    expect(mail.text).toContain(`- ${latest} (et 1 autre du même type)`);
    expect(mail.text).toContain(`- ${renderNotification('reminder', reminder, 'fr').title}\n`);
    expect(mail.html).toContain('<html lang="fr"');
  });

  it('is not sent at another hour', async () => {
    const client = await subscriber('daily');
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0003'));
    advanceTo(PARIS_8AM + 1);
    await runDigests();
    expect(await digestsOf(client)).toEqual([]);
  });

  it('leaves out what was read, and is not sent when nothing is left unread', async () => {
    const client = await subscriber('daily');
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0004'));
    const [notification] = (await t.request('GET', '/api/notifications', { token: client.token })).body.items;
    expect(
      (await t.request('POST', `/api/notifications/${notification.id}/read`, { token: client.token })).status,
    ).toBe(200);
    advanceTo(PARIS_8AM);
    await runDigests();
    expect(await digestsOf(client)).toEqual([]);
  });

  it('is sent once per period, however many times the job runs', async () => {
    const client = await subscriber('daily');
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0005'));
    advanceTo(PARIS_8AM);
    await runDigests();
    t.clock.advance(20 * 60_000);
    await runDigests();
    const digests = await digestsOf(client);
    expect(digests).toHaveLength(1);
    const periodStart = new Date(t.clock.now().getTime() - 20 * 60_000).toISOString();
    expect(digests[0]!.idempotencyKey).toBe(`digest:${client.user.id}:${periodStart}`);
  });

  it('holds only what came since the previous digest', async () => {
    const client = await subscriber('daily');
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0006'));
    advanceTo(PARIS_8AM);
    await runDigests();
    t.clock.advance(HOUR);
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0007'));
    advanceTo(PARIS_8AM);
    await runDigests();
    const [, second] = await digestsOf(client);
    expect(second?.subject).toBe('Votre résumé quotidien : 1 notification non lue');
    expect(second?.text).toContain('TICPE-0007');
    expect(second?.text).not.toContain('TICPE-0006');
  });

  it('is sent weekly on Mondays at 8:00 only', async () => {
    const client = await subscriber('weekly');
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0008'));
    advanceTo(PARIS_8AM, TUESDAY);
    await runDigests();
    expect(await digestsOf(client)).toEqual([]);
    advanceTo(PARIS_8AM, MONDAY);
    await runDigests();
    const digests = await digestsOf(client);
    expect(digests.map((d) => d.subject)).toEqual(['Votre résumé hebdomadaire : 1 notification non lue']);
  });

  it('follows the user’s time zone and language', async () => {
    const client = await subscriber('daily', { timeZone: 'America/New_York', locale: 'en' });
    await notify(client, 'dossier.status_changed', statusChange('TICPE-0009'));
    advanceTo(PARIS_8AM);
    await runDigests();
    expect(await digestsOf(client)).toEqual([]);
    advanceTo(12); // 8:00 in New York (UTC-4 in June)
    await runDigests();
    const mail = await smtp.waitFor((m) => m.to.includes(client.user.email) && m.subject.includes('digest'));
    expect(mail.subject).toBe('Your daily digest: 1 unread notification');
    expect(mail.html).toContain('<html lang="en"');
  });

  it('is looked for every hour', () => {
    expect(sendDigests.cron?.schedule).toBe('0 * * * *');
  });
});

describe('digestPeriodStart', () => {
  const at = (iso: string) => new Date(iso);
  it('is the local 8:00 of the day during that hour, for a daily digest', () => {
    expect(digestPeriodStart('daily', 'Europe/Paris', at('2026-06-02T06:42:10.500Z'))).toEqual(
      at('2026-06-02T06:00:00Z'),
    );
    expect(digestPeriodStart('daily', 'Europe/Paris', at('2026-06-02T07:00:00Z'))).toBeUndefined();
  });

  it('follows daylight saving time: 8:00 in Paris is 07:00 UTC in winter', () => {
    expect(digestPeriodStart('daily', 'Europe/Paris', at('2026-12-01T07:05:00Z'))).toEqual(
      at('2026-12-01T07:00:00Z'),
    );
    expect(digestPeriodStart('daily', 'Europe/Paris', at('2026-12-01T06:05:00Z'))).toBeUndefined();
  });

  it('finds 8:00 in a time zone half an hour off', () => {
    expect(digestPeriodStart('daily', 'Asia/Kolkata', at('2026-06-02T03:00:00Z'))).toEqual(
      at('2026-06-02T02:30:00Z'),
    );
  });

  it('is only on Mondays for a weekly digest, and never when off or in an unknown zone', () => {
    expect(digestPeriodStart('weekly', 'Europe/Paris', at('2026-06-01T06:10:00Z'))).toEqual(
      at('2026-06-01T06:00:00Z'),
    );
    expect(digestPeriodStart('weekly', 'Europe/Paris', at('2026-06-02T06:10:00Z'))).toBeUndefined();
    expect(digestPeriodStart('off', 'Europe/Paris', at('2026-06-01T06:10:00Z'))).toBeUndefined();
    expect(digestPeriodStart('daily', 'Mars/Olympus', at('2026-06-01T06:10:00Z'))).toBeUndefined();
  });
});
