import { describe, expect, it } from 'vitest';
import { approvedExpert, createAdmin, registerClient } from '../../../tests/support/factories.ts';
import { published } from '../../../tests/support/published.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import {
  advanceTo,
  approvedDocument,
  completeOpen,
  completeStep,
  dossierStatus,
  engineDossier,
  openStep,
  signLetter,
  stepRows,
  validateStep,
  writeTemplate,
} from './workflow-engine.factories.ts';

const DAY = 86_400_000;

const { t, cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  const expert = await approvedExpert(t, admin);
  const version = await writeTemplate(t, admin);
  return { admin, expert, version };
});

const dossier = (fromSimulation = false) => engineDossier(t, cast, fromSimulation);

describe('instantiation', () => {
  it('runs a new dossier on its product’s current version, its first step open', async () => {
    const d = await dossier();
    const workflow = await t.db
      .selectFrom('dossierWorkflows as w')
      .innerJoin('workflowTemplates as v', 'v.id', 'w.templateId')
      .select('v.version')
      .where('w.dossierId', '=', d.dossierId)
      .executeTakeFirstOrThrow();
    expect(workflow.version).toBe(cast.version);
    expect(await openStep(t, d.dossierId)).toMatchObject({ stepKey: 'confirm', state: 'active' });
  });
});

describe('completing a step', () => {
  it('enters the next step of the same status without changing the status', async () => {
    const d = await dossier();
    await completeOpen(t, d.client, d.dossierId);
    expect(await openStep(t, d.dossierId)).toMatchObject({ stepKey: 'small_fleet', dossierStatus: 'draft' });
    expect(await dossierStatus(t, d.dossierId)).toBe('draft');
  });

  it('records who completed it and when', async () => {
    const d = await dossier();
    const open = await openStep(t, d.dossierId);
    await completeOpen(t, d.client, d.dossierId, { note: 'Vu' });
    const [row] = await stepRows(t, d.dossierId);
    expect(row).toMatchObject({
      id: open!.id,
      state: 'completed',
      completedBy: d.client.user.id,
      note: 'Vu',
    });
    expect(row!.completedAt).toEqual(t.clock.now());
  });

  it('skips a step whose condition the simulation’s answers meet, and takes the edge to the next status', async () => {
    const d = await dossier(true);
    await completeOpen(t, d.client, d.dossierId);
    const rows = await stepRows(t, d.dossierId);
    expect(rows.map((r) => [r.stepKey, r.state, r.note])).toEqual([
      ['confirm', 'completed', null],
      ['small_fleet', 'skipped', 'condition'],
      ['gather', 'active', null],
    ]);
    expect(await dossierStatus(t, d.dossierId)).toBe('pre_eligibility_pending');
  });

  it('answers what it did: the step completed, the step now open, the dossier’s status', async () => {
    const d = await dossier();
    const open = await openStep(t, d.dossierId);
    const res = await completeStep(t, d.client, d.dossierId, open!.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      dossierId: d.dossierId,
      stepId: open!.id,
      state: 'completed',
      currentStepId: (await openStep(t, d.dossierId))!.id,
      status: await dossierStatus(t, d.dossierId),
    });
  });

  it('publishes the completion and the entry after the commit', async () => {
    const d = await dossier();
    const open = await openStep(t, d.dossierId);
    const completed = await published(t, 'workflow.step_completed', async () => {
      const entered = await published(t, 'workflow.step_entered', () =>
        completeOpen(t, d.client, d.dossierId),
      );
      expect(entered.map((e) => e.stepKey)).toEqual(['small_fleet']);
    });
    expect(completed).toEqual([expect.objectContaining({ stepId: open!.id, actorId: d.client.user.id })]);
  });

  it('runs the reminder action of the step it enters', async () => {
    const d = await dossier(true);
    await completeOpen(t, d.client, d.dossierId);
    const gather = await openStep(t, d.dossierId);
    const reminder = await t.db
      .selectFrom('reminders')
      .selectAll()
      .where('subjectId', '=', gather!.id)
      .executeTakeFirstOrThrow();
    expect(reminder).toMatchObject({ kind: 'step_reminder', audience: 'client', dossierId: d.dossierId });
    expect(reminder.nextAt).toEqual(new Date(gather!.enteredAt.getTime() + 3 * DAY));
  });

  it('stops that reminder in the transaction that completes the step', async () => {
    const d = await dossier(true);
    await completeOpen(t, d.client, d.dossierId);
    const gather = await openStep(t, d.dossierId);
    await completeOpen(t, d.client, d.dossierId);
    const reminder = await t.db
      .selectFrom('reminders')
      .select(['stoppedAt', 'stopReason'])
      .where('subjectId', '=', gather!.id)
      .executeTakeFirstOrThrow();
    expect(reminder).toEqual({ stoppedAt: t.clock.now(), stopReason: 'completed' });
  });

  it('starts the SLA clock of the step it enters', async () => {
    const d = await dossier(true);
    const review = await advanceTo(t, d, 'review');
    expect(review).toMatchObject({ slaUnit: 'business_hours', slaMs: 12 * 3_600_000, consumedMs: 0 });
    expect(review.runningSince).toEqual(review.enteredAt);
    expect(review.dueAt!.getTime()).toBeGreaterThan(review.enteredAt.getTime());
  });

  it('asks the client for the documents of the step it enters, on behalf of the dossier’s expert', async () => {
    const d = await dossier(true);
    await advanceTo(t, d, 'letter_signature');
    await signLetter(t, d.expert, d.client, d.dossierId);
    const requested = await published(t, 'document.requested', () => completeOpen(t, d.client, d.dossierId));
    const requests = await t.db
      .selectFrom('documentRequests')
      .select(['category', 'requestedBy', 'status'])
      .where('dossierId', '=', d.dossierId)
      .orderBy('category')
      .execute();
    expect(requests).toEqual([
      { category: 'fuel_invoices', requestedBy: d.expert.user.id, status: 'open' },
      { category: 'kbis', requestedBy: d.expert.user.id, status: 'open' },
    ]);
    expect(requested.map((e) => e.category).sort()).toEqual(['fuel_invoices', 'kbis']);
  });

  it('takes the edge with the amount given and judges the next status’s conditions with it', async () => {
    const d = await dossier(true);
    await advanceTo(t, d, 'audit');
    await completeOpen(t, d.expert, d.dossierId, { amountCents: 1_000_000 });
    const detail = await t.request('GET', `/api/dossiers/${d.dossierId}`, { token: d.expert.token });
    expect(detail.body).toMatchObject({ status: 'audit_proposed', auditedCents: 1_000_000 });
    expect((await stepRows(t, d.dossierId)).find((r) => r.stepKey === 'large_claim')?.state).toBe('skipped');
    expect((await openStep(t, d.dossierId))?.stepKey).toBe('acceptance');
  });

  it('enters a conditional step whose condition the amount does not meet', async () => {
    const d = await dossier(true);
    await advanceTo(t, d, 'audit');
    await completeOpen(t, d.expert, d.dossierId, { amountCents: 6_000_000 });
    expect((await openStep(t, d.dossierId))?.stepKey).toBe('large_claim');
  });

  it('refuses to end a status whose edge needs an amount without it, changing nothing', async () => {
    const d = await dossier(true);
    const audit = await advanceTo(t, d, 'audit');
    const res = await completeStep(t, d.expert, d.dossierId, audit.id);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('AUDITED_AMOUNT_REQUIRED');
    expect(await openStep(t, d.dossierId)).toMatchObject({ id: audit.id, state: 'active' });
  });

  it('closes the dossier and finishes the workflow with the template’s last step', async () => {
    const d = await dossier(true);
    await advanceTo(t, d, 'closing');
    await completeOpen(t, d.expert, d.dossierId);
    expect(await dossierStatus(t, d.dossierId)).toBe('closed');
    expect(await openStep(t, d.dossierId)).toBeNull();
  });
});

describe('guards', () => {
  it('refuses the signature step before the client signed', async () => {
    const d = await dossier(true);
    const step = await advanceTo(t, d, 'letter_signature');
    const res = await completeStep(t, d.client, d.dossierId, step.id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'STEP_SIGNATURE_REQUIRED',
      details: { step: 'letter_signature' },
    });
  });

  it('refuses a step whose required documents are not approved', async () => {
    const d = await dossier(true);
    const step = await advanceTo(t, d, 'documents');
    const res = await completeStep(t, d.client, d.dossierId, step.id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'STEP_DOCUMENTS_MISSING', details: { missing: ['kbis'] } });
  });
});

describe('validation', () => {
  /** The documents step, its document approved and handed by the client to the expert. */
  async function submitted() {
    const d = await dossier(true);
    const step = await advanceTo(t, d, 'documents');
    await approvedDocument(t, d.client, d.expert, d.dossierId, 'kbis');
    await completeOpen(t, d.client, d.dossierId);
    return { ...d, step };
  }

  it('hands the acting party’s work to the validator instead of completing it', async () => {
    const { client, dossierId, step } = await submitted();
    expect(await openStep(t, dossierId)).toMatchObject({
      id: step.id,
      state: 'awaiting_validation',
      submittedBy: client.user.id,
    });
    expect(await dossierStatus(t, dossierId)).toBe('documents_pending');
  });

  it('completes the step and takes the edge when the validator approves', async () => {
    const { expert, dossierId, step } = await submitted();
    const res = await validateStep(t, expert, dossierId, step.id, { decision: 'approve' });
    expect(res.status).toBe(200);
    expect((await stepRows(t, dossierId)).find((r) => r.id === step.id)).toMatchObject({
      state: 'completed',
      completedBy: expert.user.id,
    });
    expect(await dossierStatus(t, dossierId)).toBe('audit_in_progress');
  });

  it('makes the step active again with the reason when the validator sends it back', async () => {
    const { expert, dossierId, step } = await submitted();
    const res = await validateStep(t, expert, dossierId, step.id, {
      decision: 'send_back',
      reason: 'Le Kbis a plus de trois mois',
    });
    expect(res.status).toBe(200);
    expect(await openStep(t, dossierId)).toMatchObject({
      state: 'active',
      note: 'Le Kbis a plus de trois mois',
    });
  });

  it('refuses the validation of the acting party', async () => {
    const { client, dossierId, step } = await submitted();
    const res = await validateStep(t, client, dossierId, step.id, { decision: 'approve' });
    expect(res.status).toBe(403);
  });

  it('refuses to validate a step nobody submitted', async () => {
    const d = await dossier(true);
    const step = await advanceTo(t, d, 'documents');
    const res = await validateStep(t, d.expert, d.dossierId, step.id, { decision: 'approve' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('STEP_NOT_ACTIVE');
  });
});

describe('who completes', () => {
  it('refuses a role the step does not belong to', async () => {
    const d = await dossier(true);
    const step = await advanceTo(t, d, 'letter_upload');
    const res = await completeStep(t, d.client, d.dossierId, step.id);
    expect(res.status).toBe(403);
  });

  it('lets an admin complete any step', async () => {
    const d = await dossier(true);
    await advanceTo(t, d, 'letter_upload');
    await completeOpen(t, d.admin, d.dossierId);
    expect((await openStep(t, d.dossierId))?.stepKey).toBe('letter_signature');
  });

  it('hides the dossier from another company’s client', async () => {
    const d = await dossier();
    const outsider = await registerClient(t);
    const step = await openStep(t, d.dossierId);
    const res = await completeStep(t, outsider, d.dossierId, step!.id);
    expect(res.status).toBe(404);
  });

  it('refuses a step that is no longer open', async () => {
    const d = await dossier();
    const step = await openStep(t, d.dossierId);
    await completeOpen(t, d.client, d.dossierId);
    const res = await completeStep(t, d.client, d.dossierId, step!.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('STEP_NOT_ACTIVE');
  });

  it('advances once when the same step is completed twice at once', async () => {
    const d = await dossier();
    const step = await openStep(t, d.dossierId);
    const answers = await Promise.all([
      completeStep(t, d.client, d.dossierId, step!.id),
      completeStep(t, d.client, d.dossierId, step!.id),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 409)?.body.error.code).toBe('STEP_NOT_ACTIVE');
    expect((await stepRows(t, d.dossierId)).map((r) => r.stepKey)).toEqual(['confirm', 'small_fleet']);
  });
});

describe('input', () => {
  it('refuses a negative amount', async () => {
    const d = await dossier();
    const step = await openStep(t, d.dossierId);
    const res = await completeStep(t, d.client, d.dossierId, step!.id, { amountCents: -1 });
    expect(res.status).toBe(400);
  });

  it('refuses a step id that is not a UUID', async () => {
    const d = await dossier();
    const res = await completeStep(t, d.client, d.dossierId, 'not-a-step');
    expect(res.status).toBe(400);
  });

  it('refuses sending back without a reason', async () => {
    const d = await dossier();
    const step = await openStep(t, d.dossierId);
    const res = await validateStep(t, cast.admin, d.dossierId, step!.id, { decision: 'send_back' });
    expect(res.status).toBe(400);
  });

  it('refuses an anonymous caller', async () => {
    const d = await dossier();
    const step = await openStep(t, d.dossierId);
    const res = await t.request('POST', `/api/dossiers/${d.dossierId}/workflow/steps/${step!.id}/complete`, {
      body: {},
    });
    expect(res.status).toBe(401);
  });
});
