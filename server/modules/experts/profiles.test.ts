import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { approvedExpert, registerClient, transition } from '../../../tests/support/factories.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { walkWorkflow } from '../workflows/workflow-engine.factories.ts';
import { assignThroughRequest, expertsTestApp, refundedDossier, requestExpert } from './experts.factories.ts';

const { t, admin, otherExpert } = expertsTestApp();

const profile = async (id: string) => {
  const res = await t.request('GET', `/api/experts/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('profile', () => {
  it('shows outcome figures computed from the dossiers, and the current load', async () => {
    const pro = await approvedExpert(t, admin, {
      firstName: 'Paul',
      lastName: 'Résultat',
      expert: { specialties: ['TICPE', 'URSSAF'], regions: ['ile-de-france'], languages: ['fr'], bio: '' },
    });
    // One dossier walked to the refund and closed, one refused by the administration, one under way.
    await refundedDossier(t, admin, pro, {
      proposed: 1_500_000,
      decided: 1_200_000,
      refunded: 1_234_567,
    });
    const refused = await eligibleDossier(t, admin, 'URSSAF');
    await assignThroughRequest(t, refused.client, refused.dossierId, pro);
    await walkWorkflow(t, { admin, client: refused.client, expert: pro }, refused.dossierId, [
      [refused.client, { to: 'documents_pending' }],
      [pro, { to: 'audit_in_progress' }],
      [pro, { to: 'audit_proposed', amountCents: 500_000 }],
      [refused.client, { to: 'submitted' }],
      [pro, { to: 'administration_decided', amountCents: 0 }],
      [pro, { to: 'refused', reason: 'Refus de l’administration' }],
    ]);
    const current = await eligibleDossier(t, admin);
    await requestExpert(t, current.client, current.dossierId, pro);
    const before = await profile(pro.user.id);
    expect(before.activeLoad).toBe(0);
    expect((await transition(t, pro, current.dossierId, { to: 'expert_assigned' })).status).toBe(200);

    const p = await profile(pro.user.id);
    expect(p.outcomes).toEqual({
      completedDossiers: 1,
      refusedDossiers: 1,
      successRate: 0.5,
      recoveredCents: 1_234_567,
    });
    expect(p.completedDossiers).toBe(1);
    // The cached profile was invalidated by the dossier change.
    expect(p.activeLoad).toBe(1);
    expect(p.rating).toEqual({ average: null, count: 0, score: 4 });
    expect(p.subCriteria).toEqual({ communication: null, expertise: null, speed: null });
  });

  it('a move between two statuses of the active load writes neither the figures nor the search profile', async () => {
    const pro = await approvedExpert(t, admin, {
      firstName: 'Lina',
      lastName: 'Charge',
      expert: { specialties: ['TICPE'], regions: ['ile-de-france'], languages: ['fr'], bio: '' },
    });
    const d = await eligibleDossier(t, admin);
    await assignThroughRequest(t, d.client, d.dossierId, pro);
    // xmin: the transaction that last wrote the row.
    const versions = () =>
      sql<{ stats: string; profile: string }>`
        SELECT s.xmin::text AS stats, p.xmin::text AS profile
        FROM expert_stats s JOIN expert_profiles p ON p.user_id = s.expert_id
        WHERE s.expert_id = ${pro.user.id}`
        .execute(t.db)
        .then((r) => r.rows[0]);
    const assigned = await versions();
    await walkWorkflow(t, { admin, client: d.client, expert: pro }, d.dossierId, [
      [d.client, { to: 'documents_pending' }],
      [pro, { to: 'audit_in_progress' }],
    ]);
    expect(await versions()).toEqual(assigned);
    expect((await profile(pro.user.id)).activeLoad).toBe(1);
  });

  it('an expert edits their own profile (audited), an admin verifies it; unknown ids are 404', async () => {
    const res = await t.request('PATCH', '/api/experts/me', {
      token: otherExpert.token,
      body: {
        headline: 'Conseil en fiscalité énergétique',
        city: 'Nantes',
        department: '44',
        fee: { model: 'day_rate', dayRateCents: 95_000 },
        yearsByProduct: { TICPE: 6 },
        certifications: ['Certificat CIF'],
        avatarUrl: 'https://cdn.example.fr/otto.png',
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      headline: 'Conseil en fiscalité énergétique',
      city: 'Nantes',
      department: '44',
      fee: { model: 'day_rate', commissionPercent: null, dayRateCents: 95_000 },
      yearsByProduct: { TICPE: 6 },
      certifications: ['Certificat CIF'],
      avatarUrl: 'https://cdn.example.fr/otto.png',
      verified: false,
    });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['before', 'after'])
      .where('entityId', '=', otherExpert.user.id)
      .where('action', '=', 'expert.profile_updated')
      .executeTakeFirstOrThrow();
    expect(audit.before).toMatchObject({
      city: '',
      fee: { model: 'commission', commissionPercent: '30.00' },
    });

    const bad = await t.request('PATCH', '/api/experts/me', {
      token: otherExpert.token,
      body: { fee: { model: 'commission', commissionPercent: 140 } },
    });
    expect(bad.status).toBe(400);
    const empty = await t.request('PATCH', '/api/experts/me', { token: otherExpert.token, body: {} });
    expect(empty.status).toBe(400);
    const client = await registerClient(t);
    expect(
      (await t.request('PATCH', '/api/experts/me', { token: client.token, body: { city: 'Lille' } })).status,
    ).toBe(403);

    expect(
      (
        await t.request('POST', `/api/admin/experts/${otherExpert.user.id}/verify`, {
          token: otherExpert.token,
        })
      ).status,
    ).toBe(403);
    const verified = await t.request('POST', `/api/admin/experts/${otherExpert.user.id}/verify`, {
      token: admin.token,
    });
    expect(verified.status).toBe(200);
    expect(verified.body.verified).toBe(true);
    expect(verified.body.verifiedAt).toBe(t.clock.now().toISOString());
    expect((await profile(otherExpert.user.id)).verified).toBe(true);

    expect((await t.request('GET', '/api/experts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.request('GET', '/api/experts/not-a-uuid')).status).toBe(400);
  });

  it('an expert cannot claim a specialty that is no product', async () => {
    const res = await t.request('PATCH', '/api/experts/me', {
      token: otherExpert.token,
      body: { specialties: ['TICPE', 'NOPE'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('PRODUCT_UNKNOWN');
  });

  it('a pending expert’s profile is not public, but its owner sees it', async () => {
    const res = await t.request('POST', '/api/auth/register', {
      body: {
        email: `pending.${Date.now()}@test.fr`,
        password: 'Correct-Horse-42',
        role: 'expert',
        firstName: 'Pia',
        lastName: 'Attente',
        expert: { specialties: ['CEE'], regions: ['bretagne'], languages: ['fr'], bio: '' },
      },
    });
    expect(res.status).toBe(201);
    const id = res.body.user.id;
    expect((await t.request('GET', `/api/experts/${id}`)).status).toBe(404);
    expect((await t.request('GET', `/api/experts/${id}`, { token: res.body.accessToken })).status).toBe(200);
    expect((await t.request('GET', `/api/experts/${id}`, { token: admin.token })).status).toBe(200);
  });
});
