import { type StepContext, stepApplies, type WorkflowStep } from '../../../common/workflows.ts';

/**
 * A dossier's path through a template: each step, whether its condition lets it apply to that context (answers and
 * amounts), and which one is the dossier's current step.
 */
export function previewPath(steps: WorkflowStep[], context: StepContext, currentKey: string | null) {
  return {
    steps: steps.map((s) => ({
      key: s.key,
      name: s.name,
      role: s.role,
      status: s.status,
      applies: stepApplies(s, context),
      current: s.key === currentKey,
    })),
  };
}
