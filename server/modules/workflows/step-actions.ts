import { uuidv7 } from '../../../common/ids.ts';
import type { WorkflowStep } from '../../../common/workflows.ts';
import type { Executor } from '../../db/pool.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { endOfParisDay } from '../documents/document-requests.service.ts';
import type { Documents } from '../documents/documents.services.ts';
import { workflowRepo } from './workflow.repo.ts';

const DAY_MS = 24 * 3_600_000;
const parisDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' });

type Entered = {
  dossier: { id: string; companyId: string; expertId: string | null; status: string };
  stepId: string;
  step: WorkflowStep;
  /** Who caused the entry (null: the platform aligning a dossier). */
  actorId: string | null;
};

/**
 * The entry actions that write, in the transaction that enters the step: document requests to the client (asked by
 * the dossier's expert, else by whoever made the dossier enter the step) and the step's reminder. `notify` and
 * `assign_expert` are done after the commit by the subscribers of `workflow.step_entered`, which carries them.
 * Returns the `document.requested` events to publish after the commit.
 */
export async function runEntryActions(
  tx: { trx: Executor; documents: Documents; at: Date },
  { dossier, stepId, step, actorId }: Entered,
): Promise<DomainEvents['document.requested'][]> {
  const { trx, at } = tx;
  const requested: DomainEvents['document.requested'][] = [];
  for (const action of step.actions) {
    if (action.type === 'request_documents') {
      const requester = dossier.expertId ?? actorId;
      if (!requester) continue;
      const dueAt = endOfParisDay(parisDate.format(new Date(at.getTime() + action.dueInDays * DAY_MS)));
      const events = await tx.documents.requests.createWithin(trx, requester, dossier, {
        categories: action.categories,
        dueAt,
        note: step.name.fr,
      });
      requested.push(...events);
    } else if (action.type === 'create_reminder') {
      await workflowRepo.insertReminder(trx, {
        id: uuidv7(at.getTime()),
        kind: 'step_reminder',
        subjectId: stepId,
        dossierId: dossier.id,
        audience: action.role,
        recipientId: action.role === 'expert' ? dossier.expertId : null,
        data: JSON.stringify({ stepKey: step.key, stepName: step.name, message: action.message }),
        nextAt: new Date(at.getTime() + action.afterDays * DAY_MS),
        createdAt: at,
      });
    }
  }
  return requested;
}
