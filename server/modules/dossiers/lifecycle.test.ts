import { beforeAll, describe, expect, it } from 'vitest';
import { createDossier, type Session, transition } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { readyToLeave, walkWorkflow } from '../workflows/workflow-engine.factories.ts';
import { assignedDossier, dossierCast, inEligibilityReview, newDossier } from './dossiers.factories.ts';

const { t, cast } = appWith(dossierCast);

describe('POST /api/dossiers/:id/transitions', () => {
  describe('a dossier walked from draft to closed, each step by its actor', () => {
    let d: { id: string };
    let client: Session;
    let answers: { status: number; body: { status: string } }[];
    const steps: [() => Session, Record<string, unknown>][] = [
      [() => cast.expert, { to: 'expert_assigned' }],
      [() => client, { to: 'documents_pending' }],
      [() => cast.expert, { to: 'audit_in_progress' }],
      [() => cast.expert, { to: 'audit_proposed', amountCents: 1_234_567 }],
      [() => client, { to: 'submitted' }],
      [
        () => cast.expert,
        { to: 'administration_decided', amountCents: 1_000_001, reference: 'DOUANE-2026-42' },
      ],
      [() => cast.expert, { to: 'refunded', amountCents: 1_000_001 }],
      [() => cast.expert, { to: 'closed' }],
    ];
    beforeAll(async () => {
      ({ client, d } = await assignedDossier(t, cast.admin, cast.expert));
      answers = [];
      const people = { admin: cast.admin, client, expert: cast.expert };
      for (const [who, body] of steps) {
        await readyToLeave(t, people, d.id);
        answers.push(await transition(t, who(), d.id, body));
      }
    });

    it('takes every step', () => {
      for (const [i, res] of answers.entries()) {
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.status).toBe(steps[i]![1].to);
      }
    });

    it('records the amounts and the administration’s reference', async () => {
      const final = await t.request('GET', `/api/dossiers/${d.id}`, { token: client.token });
      expect(final.body).toMatchObject({
        status: 'closed',
        progress: 100,
        auditedCents: 1_234_567,
        grantedCents: 1_000_001,
        obtainedCents: 1_000_001,
        administrationReference: 'DOUANE-2026-42',
        allowedTransitions: [],
      });
    });

    it('keeps every step in the timeline', async () => {
      const final = await t.request('GET', `/api/dossiers/${d.id}`, { token: client.token });
      // The steps of assignedDossier, then the test's own.
      expect(final.body.timeline.map((e: { toStatus: string }) => e.toStatus)).toEqual([
        'draft',
        'pre_eligibility_pending',
        'pre_eligibility_review',
        'eligible',
        'expert_pending',
        ...steps.map(([, body]) => body.to),
      ]);
    });

    it('audits each change with its actor, before and after', async () => {
      const audit = await t.db
        .selectFrom('auditLog')
        .selectAll()
        .where('entityId', '=', d.id)
        .orderBy('id')
        .execute();
      const last = audit.at(-1)!;
      expect(last).toMatchObject({ action: 'dossier.status_changed', actorId: cast.expert.user.id });
      expect(last.before).toMatchObject({ status: 'refunded' });
      expect(last.after).toMatchObject({ status: 'closed' });
    });
  });

  it('refuses a jump outside the lifecycle with 409 and the allowed steps', async () => {
    const { d } = await newDossier(t);
    const jump = await transition(t, cast.admin, d.id, { to: 'refunded', amountCents: 10 });
    expect(jump.status).toBe(409);
    expect(jump.body.error.code).toBe('INVALID_TRANSITION');
    expect(jump.body.error.details).toMatchObject({
      from: 'draft',
      allowed: ['pre_eligibility_pending', 'cancelled'],
    });
  });

  it('refuses a transition to the current status', async () => {
    const { client, d } = await newDossier(t);
    const same = await transition(t, client, d.id, { to: 'draft' });
    expect(same.status).toBe(409);
  });

  it('changes nothing when it refuses a transition', async () => {
    const { client, d } = await newDossier(t);
    await transition(t, cast.admin, d.id, { to: 'refunded', amountCents: 10 });
    await transition(t, client, d.id, { to: 'draft' });
    const after = await t.request('GET', `/api/dossiers/${d.id}`, { token: client.token });
    expect(after.body.status).toBe('draft');
    expect(after.body.timeline).toHaveLength(1);
  });

  it('refuses a step that belongs to another role', async () => {
    const { client, d } = await newDossier(t);
    await transition(t, client, d.id, { to: 'pre_eligibility_pending' });
    await transition(t, client, d.id, { to: 'pre_eligibility_review' });
    const selfApproved = await transition(t, client, d.id, { to: 'eligible' });
    expect(selfApproved.status).toBe(403);
    expect(selfApproved.body.error.code).toBe('FORBIDDEN');
  });

  it('requires a reason to declare a dossier not eligible', async () => {
    const { d } = await inEligibilityReview(t);
    const noReason = await transition(t, cast.admin, d.id, { to: 'not_eligible' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
  });

  it('records the reason of a dossier declared not eligible in its timeline', async () => {
    const { d } = await inEligibilityReview(t);
    const withReason = await transition(t, cast.admin, d.id, {
      to: 'not_eligible',
      reason: 'Véhicules de moins de 7,5 t',
    });
    expect(withReason.status).toBe(200);
    expect(withReason.body.timeline.at(-1)).toMatchObject({
      toStatus: 'not_eligible',
      note: 'Véhicules de moins de 7,5 t',
    });
  });

  it('requires the audited amount to propose the audit', async () => {
    const { client: client2, d: d2 } = await assignedDossier(t, cast.admin, cast.expert);
    await walkWorkflow(t, { admin: cast.admin, client: client2, expert: cast.expert }, d2.id, [
      [cast.expert, { to: 'expert_assigned' }],
      [client2, { to: 'documents_pending' }],
      [cast.expert, { to: 'audit_in_progress' }],
    ]);
    const noAmount = await transition(t, cast.expert, d2.id, { to: 'audit_proposed' });
    expect(noAmount.status).toBe(422);
    expect(noAmount.body.error.code).toBe('AUDITED_AMOUNT_REQUIRED');
  });

  it('lets the expert decline, which frees the dossier for another expert', async () => {
    const { d } = await assignedDossier(t, cast.admin, cast.expert);
    const declined = await transition(t, cast.expert, d.id, {
      to: 'eligible',
      reason: 'Capacité atteinte ce mois-ci',
    });
    expect(declined.status).toBe(200);
    expect(declined.body.expert).toBeNull();
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: cast.expert.token })).status).toBe(404);
  });

  it('lets the client cancel before submission, with a reason', async () => {
    const { client, d } = await newDossier(t);
    const cancelled = await transition(t, client, d.id, { to: 'cancelled', reason: 'Plus nécessaire' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.allowedTransitions).toEqual([]);
  });

  it('does not let a client change another company’s dossier', async () => {
    const own = await createDossier(t, cast.clientA, 'FONCIER');
    const change = await transition(t, cast.clientB, own.id, { to: 'pre_eligibility_pending' });
    expect(change.status).toBe(404);
    const still = await t.request('GET', `/api/dossiers/${own.id}`, { token: cast.clientA.token });
    expect(still.body.status).toBe('draft');
  });

  it('does not let an expert change a dossier it is not assigned to', async () => {
    const { d } = await assignedDossier(t, cast.admin, cast.expert);
    expect((await transition(t, cast.otherExpert, d.id, { to: 'expert_assigned' })).status).toBe(404);
  });

  it('publishes each status change once, after it is committed', async () => {
    const { client, d } = await newDossier(t);
    const seen: unknown[] = [];
    const unsubscribe = t.app.services.events.subscribe('dossier.status_changed', (e) => {
      seen.push(e);
    });
    await transition(t, client, d.id, { to: 'pre_eligibility_pending' });
    await transition(t, client, d.id, { to: 'eligible' });
    unsubscribe();
    expect(seen).toEqual([
      expect.objectContaining({
        dossierId: d.id,
        from: 'draft',
        to: 'pre_eligibility_pending',
        actorId: client.user.id,
      }),
    ]);
  });

  it('serialises concurrent transitions: exactly one wins', async () => {
    const { client, d } = await newDossier(t);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => transition(t, client, d.id, { to: 'pre_eligibility_pending' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
  });
});

describe('POST /api/admin/dossiers/:id/assign', () => {
  const assign = (d: { id: string }, expertId: string, token = cast.admin.token) =>
    t.request('POST', `/api/admin/dossiers/${d.id}/assign`, {
      token,
      body: { expertId, reason: 'Réaffectation' },
    });

  it('refuses an unknown, pending or non-expert user', async () => {
    const { client, d } = await newDossier(t);
    await transition(t, client, d.id, { to: 'pre_eligibility_pending' });
    await transition(t, client, d.id, { to: 'pre_eligibility_review' });
    await transition(t, cast.admin, d.id, { to: 'eligible' });
    for (const expertId of [
      cast.pendingExpert.user.id,
      cast.clientB.user.id,
      '00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await assign(d, expertId);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('EXPERT_NOT_AVAILABLE');
    }
  });

  it('refuses a dossier not yet eligible', async () => {
    const { d: draft } = await newDossier(t);
    const early = await assign(draft, cast.expert.user.id);
    expect(early.status).toBe(409);
  });

  /** A dossier its expert accepted, then reassigned by the admin to `otherExpert`. */
  async function reassigned() {
    const { d } = await assignedDossier(t, cast.admin, cast.expert);
    await transition(t, cast.expert, d.id, { to: 'expert_assigned' });
    return { d, re: await assign(d, cast.otherExpert.user.id) };
  }

  it('reassigns a dossier under way to another expert', async () => {
    const { re } = await reassigned();
    expect(re.status).toBe(200);
    expect(re.body).toMatchObject({ status: 'expert_assigned', expert: { id: cast.otherExpert.user.id } });
  });

  it('moves a reassigned dossier from the previous expert to the new one', async () => {
    const { d } = await reassigned();
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: cast.expert.token })).status).toBe(404);
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: cast.otherExpert.token })).status).toBe(
      200,
    );
  });

  it('is for admins only', async () => {
    const { client, d } = await newDossier(t);
    const res = await assign(d, cast.expert.user.id, client.token);
    expect(res.status).toBe(403);
  });
});
