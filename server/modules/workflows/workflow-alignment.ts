import { closingStatuses, type DossierStatus, mainPath } from '../../../common/dossier-lifecycle.ts';
import type { Executor } from '../../db/pool.ts';
import type { DomainEvents } from '../../platform/events.ts';
import type { Documents } from '../documents/documents.services.ts';
import { missingFor, pendingOnStatusChange } from './step-guards.ts';
import { endsItsStatus } from './step-order.ts';
import { type Effects, platformActor, type Run, type StepWriter } from './step-writer.ts';
import { workflowRepo as repo, type StepRow } from './workflow.repo.ts';

type StatusChange = DomainEvents['dossier.status_changed'];

/** A change along the main path, towards its end (`closed` included). */
const isForward = (from: DossierStatus, to: DossierStatus) =>
  mainPath.includes(to) && mainPath.indexOf(to) > mainPath.indexOf(from);

/** The steps after the open one in its status (what an admin's jump, or the end of the status, leaves behind). */
const restOfStatus = (run: Run, open: StepRow) =>
  run.template.steps.flatMap((s, i) => (i > open.position && s.status === open.dossierStatus ? [i] : []));

/**
 * Keeps the open step in the dossier's status when the status changed outside the engine (the bare transitions
 * route, an expert request, an admin's assignment, a cancellation), inside that change's transaction:
 * - forward by a client or an expert: only when the open step is the last applicable of its status and its guards
 *   pass (it is then completed by them), else 409 WORKFLOW_STEPS_PENDING and the whole change rolls back;
 * - forward by an admin: what remains of the old status is skipped ('admin_override');
 * - back along the path: the open step abandoned, the new status's first step entered;
 * - to a closing status: the open step abandoned (completed for `refunded → closed`), the workflow finished.
 * A change the engine made itself finds the open step already in the new status: nothing to do.
 */
export async function alignWithStatusChange(
  writer: StepWriter,
  documents: Documents,
  trx: Executor,
  change: StatusChange,
  effects: Effects,
): Promise<void> {
  // The change was checked by the dossiers module: read the dossier with the platform's eyes.
  const run = await writer.load(trx, platformActor, change.dossierId, effects);
  const { open } = run;
  const from = change.from as DossierStatus;
  const to = change.to as DossierStatus;
  if (open?.dossierStatus === to) return;
  const byRole = await repo.roleOf(trx, change.actorId);
  if (isForward(from, to) && open) {
    const rest = restOfStatus(run, open);
    if (byRole === 'admin') {
      await writer.close(run, open, 'skipped', { actorId: change.actorId, note: 'admin_override' });
      await writer.skip(run, rest, 'admin_override');
    } else {
      const step = run.template.steps[open.position]!;
      const facts = {
        approvedCategories: await documents.documents.approvedCategories(trx, run.dossier.id),
        signed: step.signature ? await repo.isSigned(trx, open.id) : false,
      };
      const refusal = pendingOnStatusChange(
        byRole ?? 'client',
        step,
        endsItsStatus(run.template.steps, open.position, run.context),
        missingFor(step, facts),
      );
      if (refusal) throw refusal;
      await writer.close(run, open, 'completed', { actorId: change.actorId, note: null });
      await writer.skip(run, rest, 'condition');
    }
  } else if (open) {
    await writer.close(run, open, 'abandoned', { actorId: change.actorId, note: `status:${to}` });
  }
  if (closingStatuses.includes(to)) {
    await repo.updateWorkflow(trx, run.dossier.id, { currentStepId: null, updatedAt: run.at });
  } else {
    await writer.enterStatus(run, to, change.actorId, true);
  }
}
