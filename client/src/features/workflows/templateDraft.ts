import type { DossierStatus } from '../../../../common/dossier-lifecycle.ts';
import type { WorkflowStep } from '../../../../common/workflows.ts';
import { ApiError } from '../../lib/api.ts';

/** A step being edited, with an id of its own: its key may change while it is typed. */
export type DraftStep = WorkflowStep & { uid: string };

let uids = 0;
export const toDraft = (steps: WorkflowStep[]): DraftStep[] =>
  steps.map((step) => ({ ...step, uid: `s${++uids}` }));
export const fromDraft = (steps: DraftStep[]): WorkflowStep[] => steps.map(({ uid: _, ...step }) => step);

/** `steps` with the one at `from` moved to `to` (both indexes clamped to the list). */
export function moveStep<T>(steps: T[], from: number, to: number): T[] {
  const target = Math.max(0, Math.min(steps.length - 1, to));
  if (from === target || from < 0 || from >= steps.length) return steps;
  const next = [...steps];
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved as T);
  return next;
}

/** A new step after `index`, in the same status, with a key no other step has. */
export function newStep(steps: DraftStep[], index: number, status: DossierStatus): DraftStep[] {
  const keys = new Set(steps.map((s) => s.key));
  let n = steps.length + 1;
  while (keys.has(`step_${n}`)) n += 1;
  const step: DraftStep = {
    uid: `s${++uids}`,
    key: `step_${n}`,
    name: { fr: 'Nouvelle étape', en: 'New step' },
    role: 'expert',
    status,
    requiredDocuments: [],
    validation: null,
    sla: null,
    actions: [],
    signature: null,
  };
  return [...steps.slice(0, index + 1), step, ...steps.slice(index + 1)];
}

/**
 * Which step a refusal of the server is about: `details.step` (the key of the step at fault) for the template
 * rules, the index in the `steps` path of a validation error otherwise.
 */
export function stepAtFault(error: unknown, steps: { key: string }[]): string | null {
  if (!(error instanceof ApiError)) return null;
  const details = error.details as { step?: unknown } | { path?: string }[] | undefined;
  if (details && !Array.isArray(details) && typeof details.step === 'string') return details.step;
  if (Array.isArray(details)) {
    const index = /^steps\.(\d+)/.exec(details[0]?.path ?? '')?.[1];
    if (index !== undefined) return steps[Number(index)]?.key ?? null;
  }
  return null;
}
