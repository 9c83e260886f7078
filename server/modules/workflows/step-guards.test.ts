import { describe, expect, it } from 'vitest';
import { type WorkflowStepInput, workflowStep } from '../../../common/workflows.ts';
import type { Actor } from '../../platform/actor.ts';
import { completionBy, guardRefusal, mayValidate, missingFor, pendingOnStatusChange } from './step-guards.ts';
import { contextAfterEdge, endsItsStatus, firstOfStatus, nextStep } from './step-order.ts';

const step = (input: Partial<WorkflowStepInput> = {}) =>
  workflowStep.parse({
    key: 'work',
    name: { fr: 'Travail', en: 'Work' },
    role: 'client',
    status: 'draft',
    ...input,
  });

const client: Actor = { id: 'c', role: 'client', companyId: 'co' };
const expert: Actor = { id: 'e', role: 'expert', companyId: null };
const admin: Actor = { id: 'a', role: 'admin', companyId: null };
const dossier = { expertId: 'e' };
const nothing = { approvedCategories: new Set<string>(), signed: false };

describe('missingFor', () => {
  it.each([
    ['no requirement', {}, nothing, { documents: [], signature: false }],
    [
      'documents not approved',
      { requiredDocuments: ['kbis', 'payslips'] },
      { ...nothing, approvedCategories: new Set(['kbis']) },
      { documents: ['payslips'], signature: false },
    ],
    [
      'a signature not given',
      { signature: { documentCategory: 'engagement_letter' } },
      nothing,
      { documents: [], signature: true },
    ],
    [
      'a signature given',
      { signature: { documentCategory: 'engagement_letter' } },
      { ...nothing, signed: true },
      { documents: [], signature: false },
    ],
  ] as const)('%s', (_, input, facts, missing) => {
    expect(missingFor(step(input as Partial<WorkflowStepInput>), facts)).toEqual(missing);
  });
});

describe('guardRefusal', () => {
  it('names the documents missing first', () => {
    const refusal = guardRefusal(step(), { documents: ['kbis'], signature: true });
    expect(refusal).toMatchObject({
      status: 409,
      code: 'STEP_DOCUMENTS_MISSING',
      details: { missing: ['kbis'] },
    });
  });

  it('asks for the signature', () => {
    expect(guardRefusal(step(), { documents: [], signature: true })?.code).toBe('STEP_SIGNATURE_REQUIRED');
  });

  it('lets a step with nothing missing pass', () => {
    expect(guardRefusal(step(), { documents: [], signature: false })).toBeNull();
  });
});

describe('completionBy', () => {
  it.each([
    ['the acting role completes', client, {}, 'complete'],
    ['another role may not', expert, {}, null],
    ['an admin always completes', admin, { role: 'expert', validation: 'expert' }, 'complete'],
    ['the acting role submits to its validator', client, { validation: 'expert' }, 'submit'],
    ['a validator of its own role completes', expert, { role: 'expert', validation: 'expert' }, 'complete'],
    ['another expert than the dossier’s may not', { ...expert, id: 'x' }, { role: 'expert' }, null],
  ] as const)('%s', (_, actor, input, expected) => {
    expect(completionBy(actor, step(input as Partial<WorkflowStepInput>), dossier)).toBe(expected);
  });
});

describe('mayValidate', () => {
  it.each([
    ['the dossier’s expert validates an expert-validated step', expert, 'expert', true],
    ['another expert does not', { ...expert, id: 'x' }, 'expert', false],
    ['the acting client does not', client, 'expert', false],
    ['an admin validates', admin, 'expert', true],
    ['an expert does not validate an admin-validated step', expert, 'admin', false],
  ] as const)('%s', (_, actor, validation, expected) => {
    expect(mayValidate(actor, step({ validation }), dossier)).toBe(expected);
  });
});

describe('pendingOnStatusChange', () => {
  const none = { documents: [], signature: false };

  it('lets the acting role end its status from the last step', () => {
    expect(pendingOnStatusChange('client', step(), true, none)).toBeNull();
  });

  it('lets the validator end its status (taking the edge validates)', () => {
    expect(pendingOnStatusChange('expert', step({ validation: 'expert' }), true, none)).toBeNull();
  });

  it.each([
    ['steps remain in the status', 'client', {}, false, none, { steps: true }],
    [
      'documents are missing',
      'client',
      {},
      true,
      { documents: ['kbis'], signature: false },
      { documents: ['kbis'] },
    ],
    ['the signature is missing', 'client', {}, true, { documents: [], signature: true }, { signature: true }],
    ['the validator has not validated', 'client', { validation: 'expert' }, true, none, { validation: true }],
  ] as const)('refuses when %s', (_, role, input, ends, missing, expected) => {
    const refusal = pendingOnStatusChange(role, step(input as Partial<WorkflowStepInput>), ends, {
      documents: [...missing.documents],
      signature: missing.signature,
    });
    expect(refusal).toMatchObject({
      status: 409,
      code: 'WORKFLOW_STEPS_PENDING',
      details: { step: 'work', missing: expected },
    });
  });
});

describe('step order', () => {
  const steps = [
    step({ key: 'aa', status: 'draft' }),
    step({ key: 'bb', status: 'draft', skipIf: { op: 'gt', args: [{ var: 'n' }, 1] } }),
    step({ key: 'cc', status: 'pre_eligibility_pending', skipIf: true }),
    step({ key: 'dd', status: 'pre_eligibility_pending' }),
    step({ key: 'ee', status: 'audit_proposed', skipIf: { op: 'lt', args: [{ var: 'auditedCents' }, 100] } }),
    step({ key: 'ff', status: 'audit_proposed', skipIf: true }),
  ];

  it('enters the next step that applies, recording the skipped ones', () => {
    expect(nextStep(steps, 0, () => ({ n: 2 }))).toEqual({ skipped: [1, 2], next: 3 });
  });

  it('enters a step whose condition is false', () => {
    expect(nextStep(steps, 0, () => ({ n: 0 }))).toEqual({ skipped: [], next: 1 });
  });

  it('never jumps a status: the last step of a status whose steps all skip is entered', () => {
    expect(nextStep(steps, 3, () => ({ auditedCents: 10 }))).toEqual({ skipped: [4], next: 5 });
  });

  it('answers no next step past the last one', () => {
    expect(nextStep(steps, 5, () => ({}))).toEqual({ skipped: [], next: null });
  });

  it('starts a status at its first applicable step', () => {
    expect(firstOfStatus(steps, 'pre_eligibility_pending', {})).toEqual({ skipped: [2], next: 3 });
  });

  it('knows when no applicable step remains in the status', () => {
    expect(endsItsStatus(steps, 0, { n: 2 })).toBe(true);
    expect(endsItsStatus(steps, 0, { n: 0 })).toBe(false);
  });

  it('judges the next status with the amount its edge sets', () => {
    expect(contextAfterEdge({}, 'audit_in_progress', 'audit_proposed', 500)).toEqual({ auditedCents: 500 });
    expect(contextAfterEdge({}, 'draft', 'pre_eligibility_pending', 500)).toEqual({});
  });
});
