import type { z } from 'zod';
import type { DossierStatus } from '../../../common/dossier-lifecycle.ts';
import type { Answers } from '../../../common/products.ts';
import type {
  StepContext,
  templateMigration,
  templateMigrationInput,
  WorkflowStep,
} from '../../../common/workflows.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { firstOfStatus, stepContext } from './step-order.ts';
import type { Effects, StepWriter } from './step-writer.ts';
import { workflowRepo as repo } from './workflow.repo.ts';
import type { StoredTemplate, WorkflowTemplatesService } from './workflow-templates.service.ts';

type MigrationInput = z.infer<typeof templateMigrationInput>;
type Migration = z.infer<typeof templateMigration>;
type Templates = Pick<WorkflowTemplatesService, 'byId' | 'version'>;

/**
 * Moving a product's running dossiers to another version of its template: the open step maps to the step of the
 * same key in that version (when it belongs to the same status), else to the first applicable step of the status.
 */
export function mappedStep(
  steps: readonly WorkflowStep[],
  status: DossierStatus,
  key: string,
  context: StepContext,
): number | null {
  const same = steps.findIndex((s) => s.key === key && s.status === status);
  return same >= 0 ? same : firstOfStatus(steps, status, context).next;
}

const named = (step: WorkflowStep | undefined) => (step ? { key: step.key, name: step.name } : null);

/** The dry run: each dossier's step now and the one it would run on `toVersion`. */
export async function planMigration(
  db: Executor,
  templates: Templates,
  productCode: string,
  input: MigrationInput,
): Promise<Migration> {
  const target = await templates.version(productCode, input.toVersion);
  const rows = await repo.migratable(db, productCode, target.id, input.dossierIds);
  const dossiers = [];
  for (const row of rows) {
    const from = await templates.byId(row.templateId, db);
    const context = stepContext((row.answers ?? {}) as Answers, row);
    const to = mappedStep(target.steps, row.dossierStatus as DossierStatus, row.stepKey, context);
    dossiers.push({
      dossierId: row.dossierId,
      reference: row.reference,
      fromVersion: row.version,
      fromStep: named(from.steps[row.position]),
      toStep: to === null ? null : named(target.steps[to]),
    });
  }
  return { toVersion: target.version, applied: false, dossiers };
}

/**
 * Moves the dossiers in the caller's transaction, each locked in turn: the open step recorded abandoned ('migrated'),
 * the mapped step entered on the new version (its entry actions run only when it is another step), audited.
 */
export async function applyMigration(
  writer: StepWriter,
  trx: Executor,
  admin: Actor,
  target: StoredTemplate,
  input: MigrationInput,
  effects: Effects,
): Promise<Migration> {
  const { productCode } = target;
  const candidates = await repo.migratable(trx, productCode, target.id, input.dossierIds);
  const dossiers = [];
  for (const candidate of candidates) {
    const run = await writer.load(trx, admin, candidate.dossierId, effects);
    const { open } = run;
    if (!open || run.template.id === target.id) continue;
    const to = mappedStep(target.steps, open.dossierStatus as DossierStatus, open.stepKey, run.context);
    await writer.close(run, open, 'abandoned', { actorId: admin.id, note: 'migrated' });
    await repo.updateWorkflow(trx, run.dossier.id, {
      templateId: target.id,
      currentStepId: null,
      updatedAt: run.at,
    });
    if (to !== null) {
      await writer.enter({ ...run, template: target }, to, admin.id, target.steps[to]!.key !== open.stepKey);
    }
    const entry = {
      dossierId: run.dossier.id,
      reference: run.dossier.reference,
      fromVersion: run.template.version,
      fromStep: named(run.template.steps[open.position]),
      toStep: to === null ? null : named(target.steps[to]),
    };
    await recordAudit(trx, {
      actorId: admin.id,
      action: 'workflow.migrated',
      entityType: 'dossier',
      entityId: run.dossier.id,
      before: { version: entry.fromVersion, step: entry.fromStep?.key ?? null },
      after: { version: target.version, step: entry.toStep?.key ?? null },
      at: run.at,
    });
    dossiers.push(entry);
  }
  return { toVersion: target.version, applied: true, dossiers };
}
