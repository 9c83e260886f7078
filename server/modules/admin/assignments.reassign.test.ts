import { describe, expect, it } from 'vitest';
import { clientInput, createDossier, registerClient, transition } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { assignedDossier, dossierCast, eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { notified } from '../notifications/notifications.factories.ts';

// A test travels weeks ahead: the cast's access tokens must outlive the trip.
const { t, cast } = appWith(dossierCast, { overrides: { accessTokenTtlSeconds: 365 * 86_400 } });

/** A dossier its expert accepted: under way, so replacing the expert takes a reason. */
async function underWay() {
  const { client, d } = await assignedDossier(t, cast.admin, cast.expert);
  await transition(t, cast.expert, d.id, { to: 'expert_assigned' });
  return { client, dossierId: d.id };
}

const reassign = (dossierId: string, body: Record<string, unknown>, token = cast.admin.token) =>
  t.request('POST', `/api/admin/dossiers/${dossierId}/assign`, { token, body });

describe('reassigning the expert of a dossier under way', () => {
  it('requires a reason', async () => {
    const { dossierId } = await underWay();
    const res = await reassign(dossierId, { expertId: cast.otherExpert.user.id });
    expect([res.status, res.body.error.code]).toEqual([422, 'REASON_REQUIRED']);
  });

  it('refuses a reason shorter than 3 characters', async () => {
    const { dossierId } = await underWay();
    const res = await reassign(dossierId, { expertId: cast.otherExpert.user.id, reason: ' a ' });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('does not need one for a first assignment', async () => {
    const { dossierId } = await eligibleDossier(t, cast.admin);
    const res = await reassign(dossierId, { expertId: cast.expert.user.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('tells the client, the new expert and the previous one, with the reason', async () => {
    const { client, dossierId } = await underWay();
    const res = await reassign(dossierId, {
      expertId: cast.otherExpert.user.id,
      reason: 'Expert indisponible',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    for (const who of [client, cast.otherExpert, cast.expert]) {
      const [notice] = await notified(t, who, 'dossier.expert_assigned', `/dossiers/${dossierId}`);
      expect(notice?.body).toMatch(/Motif : Expert indisponible$/);
    }
  });

  it('records the reason in the audit log', async () => {
    const { dossierId } = await underWay();
    await reassign(dossierId, { expertId: cast.otherExpert.user.id, reason: 'Conflit d’intérêts' });
    const row = await t.db
      .selectFrom('auditLog')
      .select(['actorId', 'before', 'after'])
      .where('entityId', '=', dossierId)
      .where('action', '=', 'dossier.expert_assigned')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actorId: cast.admin.user.id,
      before: { expertId: cast.expert.user.id },
      after: { expertId: cast.otherExpert.user.id, reason: 'Conflit d’intérêts' },
    });
  });

  it('is for admins only', async () => {
    const { client, dossierId } = await underWay();
    const res = await reassign(
      dossierId,
      { expertId: cast.otherExpert.user.id, reason: 'Essai' },
      client.token,
    );
    expect(res.status).toBe(403);
  });
});

describe('GET /api/dossiers filters', () => {
  const ids = async (query: string) => {
    const res = await t.request('GET', `/api/dossiers?limit=100&${query}`, { token: cast.admin.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as { id: string }[]).map((d) => d.id);
  };

  it('filters by the company’s region', async () => {
    const breton = await registerClient(t, { company: { ...clientInput().company, region: 'bretagne' } });
    const ours = await createDossier(t, breton);
    const theirs = await createDossier(t, cast.clientA);
    const found = await ids('region=bretagne');
    expect(found).toContain(ours.id);
    expect(found).not.toContain(theirs.id);
  });

  it('filters by the Paris day a dossier was opened, both ends included', async () => {
    // 23:30 UTC on 14 July is already 15 July in Paris (UTC+2).
    t.clock.advance(new Date('2026-07-14T23:30:00Z').getTime() - t.clock.now().getTime());
    const client = await registerClient(t);
    const late = await createDossier(t, client);
    expect(await ids('openedFrom=2026-07-15&openedTo=2026-07-15')).toContain(late.id);
    expect(await ids('openedTo=2026-07-14')).not.toContain(late.id);
    expect(await ids('openedFrom=2026-07-16')).not.toContain(late.id);
  });

  it('filters the dossiers without an expert', async () => {
    const { d: assigned } = await assignedDossier(t, cast.admin, cast.expert);
    const { dossierId: free } = await eligibleDossier(t, cast.admin);
    const found = await ids('unassigned=1&status=eligible&status=expert_pending');
    expect(found).toContain(free);
    expect(found).not.toContain(assigned.id);
  });

  it.each([
    'region=atlantide',
    'openedFrom=2026-13-01',
    'openedFrom=2026-07-02&openedTo=2026-07-01',
    'unassigned=yes',
  ])('refuses %s', async (query) => {
    const res = await t.request('GET', `/api/dossiers?${query}`, { token: cast.admin.token });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });
});
