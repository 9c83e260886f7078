import { describe, expect, it } from 'vitest';
import { approvedExpert, transition, walk } from '../../../tests/support/factories.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { walkWorkflow } from '../workflows/workflow-engine.factories.ts';
import {
  assignThroughRequest,
  expertsTestApp,
  postReview,
  refundedDossier,
  requestExpert,
} from './experts.factories.ts';

const { t, admin, expert } = expertsTestApp();

describe('choosing an expert', () => {
  it('a client cannot pick an expert through the transitions route', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    const res = await transition(t, client, dossierId, { to: 'expert_pending', expertId: expert.user.id });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('EXPERT_REQUEST_REQUIRED');
    const dossier = await t.request('GET', `/api/dossiers/${dossierId}`, { token: client.token });
    expect(dossier.body).toMatchObject({ status: 'eligible', expert: null });
  });

  it('an expert who does not handle the product cannot be picked through the transitions route', async () => {
    const urssafOnly = await approvedExpert(t, admin, {
      expert: { specialties: ['URSSAF'], regions: ['ile-de-france'], languages: ['fr'], bio: '' },
    });
    const { client, dossierId } = await eligibleDossier(t, admin);
    const bypass = await transition(t, client, dossierId, {
      to: 'expert_pending',
      expertId: urssafOnly.user.id,
    });
    expect(bypass.status).toBe(409);
    const request = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: urssafOnly.user.id },
    });
    expect(request.status).toBe(422);
    expect(request.body.error.code).toBe('EXPERT_PRODUCT_NOT_COVERED');
  });

  it('the expert request moves the dossier to expert_pending with the requested expert', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    await requestExpert(t, client, dossierId, expert);
    const dossier = await t.request('GET', `/api/dossiers/${dossierId}`, { token: client.token });
    expect(dossier.body).toMatchObject({ status: 'expert_pending', expert: { id: expert.user.id } });
  });

  it('an admin still proposes an expert for an eligible dossier', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    const res = await t.request('POST', `/api/admin/dossiers/${dossierId}/assign`, {
      token: admin.token,
      body: { expertId: expert.user.id },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const dossier = await t.request('GET', `/api/dossiers/${dossierId}`, { token: client.token });
    expect(dossier.body).toMatchObject({ status: 'expert_pending', expert: { id: expert.user.id } });
  });
});

describe('reviews only for real work', () => {
  it('a dossier cancelled after expert_assigned, before the audit, cannot review its expert', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    await assignThroughRequest(t, client, dossierId, expert);
    await walkWorkflow(t, { admin, client, expert }, dossierId, [
      [client, { to: 'documents_pending' }],
      [client, { to: 'cancelled', reason: 'Projet abandonné' }],
    ]);
    const res = await postReview(t, client, expert.user.id, dossierId, 1);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('REVIEW_NOT_ALLOWED');
  });

  it('a dossier closed after the audit reviews its expert', async () => {
    const { client, dossierId } = await refundedDossier(t, admin, expert, {
      proposed: 900_000,
      decided: 800_000,
      refunded: 800_000,
    });
    const res = await postReview(t, client, expert.user.id, dossierId, 5);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('an expert put on the dossier after the audit, then cancelled before any step, cannot be reviewed', async () => {
    const replacement = await approvedExpert(t, admin, { firstName: 'Rémi', lastName: 'Remplaçant' });
    const { client, dossierId } = await eligibleDossier(t, admin);
    await assignThroughRequest(t, client, dossierId, expert);
    await walkWorkflow(t, { admin, client, expert }, dossierId, [
      [client, { to: 'documents_pending' }],
      [expert, { to: 'audit_in_progress' }],
    ]);
    const reassign = await t.request('POST', `/api/admin/dossiers/${dossierId}/assign`, {
      token: admin.token,
      body: { expertId: replacement.user.id, reason: 'Expert indisponible' },
    });
    expect(reassign.status, JSON.stringify(reassign.body)).toBe(200);
    await walk(t, dossierId, [[client, { to: 'cancelled', reason: 'Projet abandonné' }]]);
    const res = await postReview(t, client, replacement.user.id, dossierId, 1);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('REVIEW_NOT_ALLOWED');
  });
});
