import { expect } from 'vitest';
import { createDossier, registerClient, type Session } from '../../../tests/support/factories.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';

export const HOUR = 3_600_000;

/**
 * A new client's draft dossier (the engine opened its first step), its expert set when given. The expert is written
 * on the row directly: the sweep reads who the dossier's expert is, not how they came.
 */
export async function dossierWithStep(t: TestApp, expert?: Session) {
  const client = await registerClient(t);
  const dossier = await createDossier(t, client);
  if (expert) {
    await t.db
      .updateTable('dossiers')
      .set({ expertId: expert.user.id })
      .where('id', '=', dossier.id)
      .execute();
  }
  const step = await t.db
    .selectFrom('dossierSteps')
    .select('id')
    .where('dossierId', '=', dossier.id)
    .where('state', '=', 'active')
    .executeTakeFirstOrThrow();
  return { client, dossierId: dossier.id, stepId: step.id };
}

/**
 * Starts a wall-clock SLA of `hours` on the step, from now, as the engine's clock would (warning at 75 %). Written
 * directly: the clock's arithmetic is sla-clock's, tested there; the sweep only reads `warn_at` and `due_at`.
 */
export async function startSla(t: TestApp, stepId: string, hours: number) {
  const at = t.clock.now().getTime();
  await t.db
    .updateTable('dossierSteps')
    .set({
      slaMs: hours * HOUR,
      slaUnit: 'hours',
      consumedMs: 0,
      runningSince: new Date(at),
      warnAt: new Date(at + 0.75 * hours * HOUR),
      dueAt: new Date(at + hours * HOUR),
      alertLevel: 0,
    })
    .where('id', '=', stepId)
    .execute();
}

export const sweep = (t: TestApp) => t.app.services.workflows.sweep.sweep();

/** The alerts of a step, oldest first. */
export const alertsOf = (t: TestApp, stepId: string) =>
  t.db
    .selectFrom('alerts')
    .selectAll()
    .where('stepId', '=', stepId)
    .orderBy('level')
    .orderBy('createdAt')
    .execute();

/** A dossier with a step whose SLA of 8 hours was breached `lateHours` ago, swept: its alerts. */
export async function sweptLateStep(t: TestApp, expert: Session | undefined, lateHours: number) {
  const d = await dossierWithStep(t, expert);
  await startSla(t, d.stepId, 8);
  t.clock.advance((8 + lateHours) * HOUR);
  await sweep(t);
  const alerts = await alertsOf(t, d.stepId);
  expect(alerts.length).toBeGreaterThan(0);
  return { ...d, alerts };
}
