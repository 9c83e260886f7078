import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.ts';
import { type DraftStep, fromDraft, moveStep, newStep, stepAtFault, toDraft } from './templateDraft.ts';

const steps = toDraft([
  {
    key: 'first',
    name: { fr: 'Première', en: 'First' },
    role: 'client',
    status: 'draft',
    requiredDocuments: [],
    validation: null,
    sla: null,
    actions: [],
    signature: null,
  },
  {
    key: 'step_3',
    name: { fr: 'Deuxième', en: 'Second' },
    role: 'admin',
    status: 'pre_eligibility_review',
    requiredDocuments: [],
    validation: null,
    sla: { amount: 12, unit: 'business_hours' },
    actions: [],
    signature: null,
  },
]);
const keys = (list: DraftStep[]) => list.map((s) => s.key);

describe('editing a template', () => {
  it('moves a step down and back up', () => {
    const moved = moveStep(steps, 0, 1);
    expect(keys(moved)).toEqual(['step_3', 'first']);
    expect(keys(moveStep(moved, 1, 0))).toEqual(['first', 'step_3']);
  });

  it('keeps the list as it is when a step moves past either end', () => {
    expect(moveStep(steps, 0, -1)).toBe(steps);
    expect(keys(moveStep(steps, 1, 5))).toEqual(['first', 'step_3']);
  });

  it('adds a step after the given one, in its status, with a key of its own', () => {
    const added = newStep(steps, 0, 'draft');
    expect(keys(added)).toEqual(['first', 'step_4', 'step_3']);
    expect(added[1]?.status).toBe('draft');
  });

  it('saves the steps without their editing ids', () => {
    expect(fromDraft(steps)[0]).not.toHaveProperty('uid');
  });

  it('finds the step a template rule refused, and the step of a validation error', () => {
    const rule = new ApiError(422, 'WORKFLOW_LOOP', 'boucle', { step: 'step_3' });
    const invalid = new ApiError(400, 'VALIDATION_ERROR', 'invalide', [{ path: 'steps.0.name.fr' }]);
    expect(stepAtFault(rule, steps)).toBe('step_3');
    expect(stepAtFault(invalid, steps)).toBe('first');
  });
});
