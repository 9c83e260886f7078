import type { WorkflowStep } from '../../../common/workflows.ts';
import type { Actor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * What keeps a step from completing, as pure functions over the facts the engine reads in its transaction (the
 * dossier's approved document categories, whether the step was signed).
 */

export type StepFacts = { approvedCategories: ReadonlySet<string>; signed: boolean };
export type Missing = { documents: string[]; signature: boolean };
/** What the actor's completion does: completes the step, or hands it to its validator. */
export type Completion = 'complete' | 'submit';

export function missingFor(step: WorkflowStep, facts: StepFacts): Missing {
  return {
    documents: step.requiredDocuments.filter((c) => !facts.approvedCategories.has(c)),
    signature: step.signature !== null && !facts.signed,
  };
}

/** The refusal for the first thing missing, or null when the guards pass. */
export function guardRefusal(step: WorkflowStep, missing: Missing): AppError | null {
  if (missing.documents.length > 0) {
    return new AppError(409, 'STEP_DOCUMENTS_MISSING', 'Des documents requis ne sont pas encore approuvés', {
      step: step.key,
      missing: missing.documents,
    });
  }
  if (missing.signature) {
    return new AppError(409, 'STEP_SIGNATURE_REQUIRED', 'Le document doit d’abord être signé par le client', {
      step: step.key,
      documentCategory: step.signature?.documentCategory,
    });
  }
  return null;
}

const isDossierExpert = (actor: Actor, dossier: { expertId: string | null }) =>
  actor.role !== 'expert' || dossier.expertId === actor.id;

/** How `actor` completes the step: the acting role completes it (or submits it to its validator), an admin always. */
export function completionBy(
  actor: Actor,
  step: WorkflowStep,
  dossier: { expertId: string | null },
): Completion | null {
  if (actor.role === 'admin') return 'complete';
  if (actor.role !== step.role || !isDossierExpert(actor, dossier)) return null;
  return step.validation && step.validation !== actor.role ? 'submit' : 'complete';
}

/** Whether `actor` approves or sends back the step's work: its validation role (the dossier's expert), or an admin. */
export function mayValidate(actor: Actor, step: WorkflowStep, dossier: { expertId: string | null }): boolean {
  if (actor.role === 'admin') return true;
  return step.validation === actor.role && isDossierExpert(actor, dossier);
}

/**
 * Whether a status change made outside the engine (the bare transitions route) by a non-admin may finish the open
 * step: it is the last of its status, its guards pass, and the actor either does it or validates it.
 */
export function pendingOnStatusChange(
  actorRole: Actor['role'],
  step: WorkflowStep,
  endsStatus: boolean,
  missing: Missing,
): AppError | null {
  const validation = step.validation ? actorRole !== step.validation : actorRole !== step.role;
  if (endsStatus && !validation && missing.documents.length === 0 && !missing.signature) return null;
  return new AppError(
    409,
    'WORKFLOW_STEPS_PENDING',
    'Des étapes du dossier restent à accomplir avant ce passage',
    {
      step: step.key,
      missing: { steps: !endsStatus, documents: missing.documents, signature: missing.signature, validation },
    },
  );
}
