import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Attention, AttentionGroup, AttentionKind } from '../../../common/admin-audit.ts';
import { uuidv7 } from '../../../common/ids.ts';
import {
  approvedExpert,
  clientInput,
  createAdmin,
  createDossier,
  registerClient,
  registerExpert,
  type Session,
  uniqueEmail,
} from '../../../tests/support/factories.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { sweptLateStep } from '../workflows/alerts.factories.ts';

/** An e-mail the platform gave up sending. */
async function failedEmail(t: TestApp) {
  const id = uuidv7(t.clock.now().getTime());
  await t.db
    .insertInto('emailMessages')
    .values({
      id,
      idempotencyKey: randomUUID(),
      userId: null,
      toAddress: 'perdu@test.fr',
      kind: 'account.verify_email',
      locale: 'fr',
      subject: 'Confirmez votre adresse',
      html: '<p>…</p>',
      text: '…',
      headers: '{}',
      status: 'failed',
      attempts: 5,
      lastError: '550 mailbox unavailable',
      smtpMessageId: null,
      createdAt: t.clock.now(),
      sentAt: null,
    })
    .execute();
  return id;
}

/**
 * A known data set, each thing a minute after the one before: two experts awaiting approval (and one approved), a
 * step 2 hours past its SLA, a failed e-mail, an eligible dossier without an expert, a request to join a company.
 */
const { t, cast } = appWith(async (t) => {
  const late = await sweptLateStep(t, undefined, 2);
  // Signed in after the clock went past the SLA: a session from before would have expired.
  const admin = await createAdmin(t);
  const minute = () => t.clock.advance(60_000);
  minute();
  const firstExpert = await registerExpert(t);
  minute();
  const secondExpert = await registerExpert(t);
  await approvedExpert(t, admin);
  minute();
  const emailId = await failedEmail(t);
  minute();
  const unassigned = await eligibleDossier(t, admin);
  minute();
  const owner = await registerClient(t);
  await createDossier(t, owner);
  const joiner = await t.request('POST', '/api/auth/register', {
    body: clientInput({
      email: uniqueEmail('joiner'),
      company: { ...clientInput().company, siren: owner.user.company!.siren },
    }),
  });
  expect(joiner.status).toBe(202);
  return {
    admin,
    late,
    firstExpert,
    secondExpert,
    emailId,
    unassigned,
    joinerId: joiner.body.user.id as string,
  };
});

const overview = async (token = cast.admin.token) =>
  (await t.request<Attention>('GET', '/api/admin/attention', { token })).body;

const group = (attention: Attention, kind: AttentionKind) =>
  attention.groups.find((g) => g.kind === kind) as AttentionGroup;

describe('GET /api/admin/attention', () => {
  it('counts what waits for an admin, kind by kind, in the centre’s order', async () => {
    const attention = await overview();
    const breached = await t.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('type', 'in', ['sla_breached', 'sla_escalated'])
      .where('state', 'in', ['open', 'acknowledged'])
      .executeTakeFirstOrThrow();
    expect(Number(breached.n)).toBeGreaterThan(0);
    expect(attention.groups.map((g) => [g.kind, g.count])).toEqual([
      ['experts_pending', 2],
      ['sla_breached', Number(breached.n)],
      ['emails_failed', 1],
      ['dossiers_unassigned', 1],
      ['join_requests_pending', 1],
    ]);
    expect(attention.total).toBe(5 + Number(breached.n));
  });

  it('lists the oldest first and dates each kind by its oldest', async () => {
    const experts = group(await overview(), 'experts_pending');
    expect(experts.items.map((i) => i.id)).toEqual([cast.firstExpert.user.id, cast.secondExpert.user.id]);
    expect(experts.oldestSince).toBe(experts.items[0]?.since);
    expect(experts.items[0]).toMatchObject({
      label: `${cast.firstExpert.user.firstName} ${cast.firstExpert.user.lastName}`,
      detail: cast.firstExpert.user.email,
    });
  });

  it('links each item to where it is handled', async () => {
    const attention = await overview();
    expect(group(attention, 'experts_pending').items[0]?.link).toBe(
      `/admin/utilisateurs/${cast.firstExpert.user.id}`,
    );
    expect(group(attention, 'sla_breached').items[0]?.link).toBe(`/dossiers/${cast.late.dossierId}`);
    expect(group(attention, 'emails_failed').items[0]).toMatchObject({
      label: 'Confirmez votre adresse',
      detail: 'perdu@test.fr',
      link: `/admin/emails?email=${cast.emailId}`,
    });
    expect(group(attention, 'dossiers_unassigned').items[0]?.link).toBe(
      `/dossiers/${cast.unassigned.dossierId}`,
    );
    expect(group(attention, 'join_requests_pending').items[0]?.link).toBe('/admin/adhesions');
  });

  it('links each kind to its list', async () => {
    const links = Object.fromEntries((await overview()).groups.map((g) => [g.kind, g.link]));
    expect(links).toEqual({
      experts_pending: '/admin/utilisateurs?role=expert&status=pending',
      sla_breached: '/alerts',
      emails_failed: '/admin/emails',
      dossiers_unassigned: '/admin/affectations',
      join_requests_pending: '/admin/adhesions',
    });
  });

  it('dates an unassigned dossier from when it became eligible', async () => {
    const dossiers = group(await overview(), 'dossiers_unassigned');
    const row = await t.db
      .selectFrom('dossiers')
      .select('statusChangedAt')
      .where('id', '=', cast.unassigned.dossierId)
      .executeTakeFirstOrThrow();
    expect(dossiers.oldestSince).toBe(row.statusChangedAt.toISOString());
  });

  it('drops an expert once approved', async () => {
    const expert = await registerExpert(t);
    expect(group(await overview(), 'experts_pending').items.map((i) => i.id)).toContain(expert.user.id);
    await t.request('POST', `/api/admin/users/${expert.user.id}/approve`, { token: cast.admin.token });
    expect(group(await overview(), 'experts_pending').items.map((i) => i.id)).not.toContain(expert.user.id);
  });

  it('is closed to clients and experts', async () => {
    const client = await registerClient(t);
    const expert = await approvedExpert(t, cast.admin);
    for (const who of [client, expert] as Session[]) {
      for (const path of ['/api/admin/attention', '/api/admin/attention/count']) {
        expect((await t.request('GET', path, { token: who.token })).status).toBe(403);
      }
    }
  });

  it('is closed to visitors', async () => {
    expect((await t.request('GET', '/api/admin/attention/count')).status).toBe(401);
  });
});

describe('GET /api/admin/attention/count', () => {
  it('answers the total of the centre', async () => {
    const { total } = await overview();
    const res = await t.request('GET', '/api/admin/attention/count', { token: cast.admin.token });
    expect(res.body).toEqual({ total });
  });

  it('grows when an e-mail fails for good', async () => {
    const before = (await t.request('GET', '/api/admin/attention/count', { token: cast.admin.token })).body
      .total;
    await failedEmail(t);
    const after = (await t.request('GET', '/api/admin/attention/count', { token: cast.admin.token })).body
      .total;
    expect(after).toBe(before + 1);
  });
});
