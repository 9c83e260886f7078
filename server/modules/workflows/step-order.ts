import { type DossierStatus, findTransition } from '../../../common/dossier-lifecycle.ts';
import type { Answers } from '../../../common/products.ts';
import { type StepContext, stepApplies, type WorkflowStep } from '../../../common/workflows.ts';

/**
 * Where a dossier goes next in its template (pure). A step whose `skipIf` is true is skipped, but a status is never
 * jumped: the lifecycle has no edge over it, so when every step of a status is skipped its last one is entered
 * anyway.
 */

type Amounts = { estimatedCents: number | null; auditedCents: number | null; grantedCents: number | null };

/** What a step's condition reads: the simulation's answers and the dossier's amounts known so far. */
export function stepContext(answers: Answers, amounts: Amounts): StepContext {
  const context: StepContext = { ...answers };
  if (amounts.estimatedCents !== null) context.estimatedCents = Number(amounts.estimatedCents);
  if (amounts.auditedCents !== null) context.auditedCents = Number(amounts.auditedCents);
  if (amounts.grantedCents !== null) context.grantedCents = Number(amounts.grantedCents);
  return context;
}

const edgeAmounts = { auditedAmount: 'auditedCents', grantedAmount: 'grantedCents' } as const;

/** The context of the steps of `to` once the edge from `from` set its amount (an audit's amount, a grant's). */
export function contextAfterEdge(
  context: StepContext,
  from: DossierStatus,
  to: DossierStatus,
  amountCents: number | undefined,
): StepContext {
  const requires = findTransition(from, to)?.requires;
  const field =
    requires && requires in edgeAmounts ? edgeAmounts[requires as keyof typeof edgeAmounts] : null;
  return field && amountCents !== undefined ? { ...context, [field]: amountCents } : context;
}

const lastOfStatus = (steps: readonly WorkflowStep[], i: number) => steps[i + 1]?.status !== steps[i]!.status;

/**
 * The step entered after the one at `after` (-1: the template's start), and the positions skipped on the way; next
 * is null past the last step. `contextFor` gives the context the steps of a status are judged with (the amount the
 * edge into that status sets counts).
 */
export function nextStep(
  steps: readonly WorkflowStep[],
  after: number,
  contextFor: (status: DossierStatus) => StepContext,
): { skipped: number[]; next: number | null } {
  const skipped: number[] = [];
  const fromStatus = steps[after]?.status;
  for (let i = after + 1; i < steps.length; i++) {
    const step = steps[i]!;
    if (
      stepApplies(step, contextFor(step.status)) ||
      (lastOfStatus(steps, i) && step.status !== fromStatus)
    ) {
      return { skipped, next: i };
    }
    skipped.push(i);
  }
  return { skipped, next: null };
}

/** The step a dossier entering `status` starts with, and the steps of that status skipped before it. */
export function firstOfStatus(
  steps: readonly WorkflowStep[],
  status: DossierStatus,
  context: StepContext,
): { skipped: number[]; next: number | null } {
  const start = steps.findIndex((s) => s.status === status);
  if (start < 0) return { skipped: [], next: null };
  return nextStep(steps, start - 1, () => context);
}

/** Whether no step after `position` in its status applies: completing it ends the status. */
export function endsItsStatus(
  steps: readonly WorkflowStep[],
  position: number,
  context: StepContext,
): boolean {
  const status = steps[position]!.status;
  for (let i = position + 1; i < steps.length && steps[i]!.status === status; i++) {
    if (stepApplies(steps[i]!, context)) return false;
  }
  return true;
}
