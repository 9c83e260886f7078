import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { approvedExpert, createAdmin, transition } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { newDossier } from '../dossiers/dossiers.factories.ts';
import {
  advanceTo,
  dossierStatus,
  engineDossier,
  openStep,
  signLetter,
  stepRows,
  writeTemplate,
} from './workflow-engine.factories.ts';

const { t, cast } = appWith(async (t) => {
  const admin = await createAdmin(t);
  const expert = await approvedExpert(t, admin);
  await writeTemplate(t, admin);
  return { admin, expert };
});

const dossier = () => engineDossier(t, cast, true);

/** The dossier's rows of step `key`: [state, note] in the order lived. */
const livesOf = async (dossierId: string, key: string) =>
  (await stepRows(t, dossierId)).filter((r) => r.stepKey === key).map((r) => [r.state, r.note]);

/** Takes the dossier out of workflows, as if it had been made before them. */
async function forgetWorkflow(dossierId: string) {
  await t.db.deleteFrom('dossierWorkflows').where('dossierId', '=', dossierId).execute();
  await t.db.deleteFrom('dossierSteps').where('dossierId', '=', dossierId).execute();
}

/** How many times `dossier_steps` was vacuumed and analysed by a statement (not by autovacuum). */
async function maintenanceOfSteps() {
  const { rows } = await sql<{ vacuums: number; analyses: number }>`
    SELECT vacuum_count::int AS vacuums, analyze_count::int AS analyses
    FROM pg_stat_user_tables WHERE relname = 'dossier_steps' AND schemaname = current_schema()`.execute(t.db);
  return rows[0]!;
}

describe('a status change made outside the engine', () => {
  it('is refused while steps of the status remain, and changes nothing', async () => {
    const d = await dossier();
    const upload = await advanceTo(t, d, 'letter_upload');
    const res = await transition(t, d.client, d.dossierId, { to: 'documents_pending' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'WORKFLOW_STEPS_PENDING',
      details: { step: 'letter_upload', missing: { steps: true } },
    });
    expect(await dossierStatus(t, d.dossierId)).toBe('expert_assigned');
    expect(await openStep(t, d.dossierId)).toMatchObject({ id: upload.id, state: 'active' });
  });

  it('is refused while the last step’s guards fail', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'letter_signature');
    const res = await transition(t, d.client, d.dossierId, { to: 'documents_pending' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ step: 'letter_signature', missing: { signature: true } });
  });

  it('completes the last step by its actor and enters the next status’s first step', async () => {
    const d = await dossier();
    const answer = await advanceTo(t, d, 'expert_answer');
    const res = await transition(t, d.expert, d.dossierId, { to: 'expert_assigned' });
    expect(res.status).toBe(200);
    expect((await stepRows(t, d.dossierId)).find((r) => r.id === answer.id)).toMatchObject({
      state: 'completed',
      completedBy: d.expert.user.id,
    });
    expect(await openStep(t, d.dossierId)).toMatchObject({
      stepKey: 'letter_upload',
      dossierStatus: 'expert_assigned',
    });
  });

  it('passes once the last step’s guards pass', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'letter_signature');
    await signLetter(t, d.expert, d.client, d.dossierId);
    const res = await transition(t, d.client, d.dossierId, { to: 'documents_pending' });
    expect(res.status).toBe(200);
    expect((await openStep(t, d.dossierId))?.stepKey).toBe('documents');
  });

  it('publishes the entered step once the change committed', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'expert_answer');
    const seen: DomainEvents['workflow.step_entered'][] = [];
    const stop = t.app.services.events.subscribe('workflow.step_entered', (e) => {
      seen.push(e);
    });
    await transition(t, d.expert, d.dossierId, { to: 'expert_assigned' });
    stop();
    expect(seen.map((e) => [e.dossierId, e.stepKey])).toEqual([[d.dossierId, 'letter_upload']]);
  });

  it('skips what remains of the status when an admin takes it forward', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'letter_upload');
    const res = await transition(t, d.admin, d.dossierId, { to: 'documents_pending' });
    expect(res.status).toBe(200);
    expect(await livesOf(d.dossierId, 'letter_upload')).toEqual([['skipped', 'admin_override']]);
    expect(await livesOf(d.dossierId, 'letter_signature')).toEqual([['skipped', 'admin_override']]);
    expect((await openStep(t, d.dossierId))?.stepKey).toBe('documents');
  });

  it('abandons the open step and enters the status again when the dossier goes back', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'acceptance');
    const res = await transition(t, d.client, d.dossierId, {
      to: 'audit_in_progress',
      reason: 'Montant contesté',
    });
    expect(res.status).toBe(200);
    expect(await livesOf(d.dossierId, 'acceptance')).toEqual([['abandoned', 'status:audit_in_progress']]);
    expect(await livesOf(d.dossierId, 'audit')).toEqual([
      ['completed', null],
      ['active', null],
    ]);
  });

  it('sends a declined dossier back to the choice of an expert', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'expert_answer');
    await transition(t, d.expert, d.dossierId, { to: 'eligible', reason: 'Pas disponible' });
    expect(await livesOf(d.dossierId, 'expert_answer')).toEqual([['abandoned', 'status:eligible']]);
    expect((await openStep(t, d.dossierId))?.stepKey).toBe('choose_expert');
  });

  it('abandons the open step and finishes the workflow when the dossier is cancelled', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'gather');
    await transition(t, d.client, d.dossierId, { to: 'cancelled', reason: 'Projet abandonné' });
    expect(await livesOf(d.dossierId, 'gather')).toEqual([['abandoned', 'status:cancelled']]);
    expect(await openStep(t, d.dossierId)).toBeNull();
  });

  it('completes the closing step when the expert closes the dossier', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'closing');
    await transition(t, d.expert, d.dossierId, { to: 'closed' });
    expect(await livesOf(d.dossierId, 'closing')).toEqual([['completed', null]]);
    expect(await openStep(t, d.dossierId)).toBeNull();
  });
});

describe('dossiers made before workflows', () => {
  it('get their workflow from the backfill, aligned with their status', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'audit');
    await forgetWorkflow(d.dossierId);
    await t.app.services.workflows.engine.backfill();
    const rows = await stepRows(t, d.dossierId);
    expect(rows.filter((r) => r.state === 'skipped').every((r) => r.note === 'before_workflows')).toBe(true);
    expect(rows.map((r) => r.stepKey)).toContain('documents');
    expect(await openStep(t, d.dossierId)).toMatchObject({ stepKey: 'audit', state: 'active' });
  });

  it('all get their workflow when they are more than one transaction holds', async () => {
    const made = await Promise.all(Array.from({ length: 5 }, () => newDossier(t)));
    for (const { d } of made) await forgetWorkflow(d.id);
    expect(await t.app.services.workflows.engine.backfill(2)).toBe(made.length);
    for (const { d } of made) expect(await openStep(t, d.id)).toMatchObject({ state: 'active' });
  });

  it('have their step’s clock agree with the facts once the backfill returns', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'audit');
    const requested = await t.request('POST', `/api/dossiers/${d.dossierId}/document-requests`, {
      token: d.expert.token,
      body: { category: 'fuel_invoices' },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    await forgetWorkflow(d.dossierId);
    const changes: DomainEvents['workflow.clock_changed'][] = [];
    const stop = t.app.services.events.subscribe('workflow.clock_changed', (e) => {
      if (e.dossierId === d.dossierId) changes.push(e);
    });
    await t.app.services.workflows.engine.backfill();
    stop();
    expect(changes).toMatchObject([{ stepKey: 'audit', paused: true }]);
    expect(await openStep(t, d.dossierId)).toMatchObject({
      stepKey: 'audit',
      pauseReason: 'documents_requested',
      runningSince: null,
    });
  });

  it('have the tables the backfill filled vacuumed and analysed once it is done', async () => {
    const d = await dossier();
    await forgetWorkflow(d.dossierId);
    const before = await maintenanceOfSteps();
    await t.app.services.workflows.engine.backfill();
    const after = await maintenanceOfSteps();
    expect(after.vacuums).toBeGreaterThan(before.vacuums);
    expect(after.analyses).toBeGreaterThan(before.analyses);
  });

  it('leave the tables alone when no dossier needed the backfill', async () => {
    await t.app.services.workflows.engine.backfill();
    const before = await maintenanceOfSteps();
    await t.app.services.workflows.engine.backfill();
    expect(await maintenanceOfSteps()).toEqual(before);
  });

  it('are left alone by a second backfill', async () => {
    const d = await dossier();
    await forgetWorkflow(d.dossierId);
    await t.app.services.workflows.engine.backfill();
    const before = await stepRows(t, d.dossierId);
    await t.app.services.workflows.engine.backfill();
    expect(await stepRows(t, d.dossierId)).toEqual(before);
  });

  it('get their workflow on their next status change', async () => {
    const d = await dossier();
    await advanceTo(t, d, 'audit');
    await forgetWorkflow(d.dossierId);
    const res = await transition(t, d.expert, d.dossierId, { to: 'audit_proposed', amountCents: 100 });
    expect(res.status).toBe(200);
    expect((await openStep(t, d.dossierId))?.stepKey).toBe('acceptance');
  });
});
