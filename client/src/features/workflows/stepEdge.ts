import { type DossierStatus, findTransition } from '../../../../common/dossier-lifecycle.ts';
import type { StepProgress } from '../../../../common/workflows.ts';

export type EdgeRequirement = 'reason' | 'expert' | 'auditedAmount' | 'grantedAmount' | 'obtainedAmount';

/**
 * The lifecycle edge that completing `step` takes, if it is the last applicable step of its status: the status of
 * the next applicable step (`closed` after the last one) and what the edge requires (an amount, a reason…).
 */
export function edgeAfter(
  steps: StepProgress[],
  step: StepProgress,
): { to: DossierStatus; requires: EdgeRequirement | null } | null {
  const next = steps.slice(steps.indexOf(step) + 1).find((s) => s.applies);
  if (next?.status === step.status) return null;
  const to = next?.status ?? 'closed';
  return { to, requires: findTransition(step.status, to)?.requires ?? null };
}
