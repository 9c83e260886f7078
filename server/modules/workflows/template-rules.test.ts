import { describe, expect, it } from 'vitest';
import { type DossierStatus, mainPath } from '../../../common/dossier-lifecycle.ts';
import { statusesWithSteps, type WorkflowStep, workflowSteps } from '../../../common/workflows.ts';
import { productDefinitions } from '../../db/seed/products.ts';
import { defaultTemplate } from './default-templates.ts';
import { templateProblem } from './template-rules.ts';

const ticpe = productDefinitions.find((p) => p.code === 'TICPE')!;
const defaults = () => defaultTemplate(ticpe);

/** The TICPE default with one change made to the step of `key`. */
const edited = (key: string, change: Partial<WorkflowStep>): WorkflowStep[] =>
  defaults().map((s) => (s.key === key ? { ...s, ...change } : s));

const inserted = (afterKey: string, step: Partial<WorkflowStep> & Pick<WorkflowStep, 'key' | 'status'>) => {
  const steps = defaults();
  const at = steps.findIndex((s) => s.key === afterKey) + 1;
  const extra: WorkflowStep = {
    name: { fr: 'Étape', en: 'Step' },
    role: 'expert',
    requiredDocuments: [],
    validation: null,
    sla: null,
    actions: [],
    signature: null,
    ...step,
  };
  return [...steps.slice(0, at), extra, ...steps.slice(at)];
};

describe('default templates', () => {
  it.each(productDefinitions.map((p) => [p.code, p] as const))(
    '%s: the default passes every rule',
    (_, p) => {
      expect(templateProblem(defaultTemplate(p), p)).toBeNull();
    },
  );

  it.each(productDefinitions.map((p) => [p.code, p] as const))(
    '%s: the default is a valid steps array',
    (_, p) => {
      expect(workflowSteps.safeParse(defaultTemplate(p)).success).toBe(true);
    },
  );

  it('gives every status that needs steps at least one step, in main-path order', () => {
    const statuses = defaults().map((s) => s.status);
    expect([...new Set(statuses)]).toEqual(statusesWithSteps);
    const order = statuses.map((s) => mainPath.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("requires the product's document categories at the documents step, validated by the expert", () => {
    const step = defaults().find((s) => s.status === 'documents_pending')!;
    expect(step.requiredDocuments).toEqual(ticpe.documentCategories);
    expect(step.validation).toBe('expert');
    expect(step.actions).toContainEqual({
      type: 'request_documents',
      categories: ticpe.documentCategories,
      dueInDays: 14,
    });
  });

  it('has the client sign the engagement letter at expert_assigned', () => {
    const signing = defaults().filter((s) => s.signature !== null);
    expect(signing).toMatchObject([
      { status: 'expert_assigned', role: 'client', signature: { documentCategory: 'engagement_letter' } },
    ]);
  });

  it("sets the domain's SLAs: review 12 business hours, expert's answer 48 h, audit 5 business days", () => {
    const sla = (status: DossierStatus) => defaults().find((s) => s.status === status)?.sla;
    expect(sla('pre_eligibility_review')).toEqual({ amount: 12, unit: 'business_hours' });
    expect(sla('expert_pending')).toEqual({ amount: 48, unit: 'hours' });
    expect(sla('audit_in_progress')).toEqual({ amount: 5, unit: 'business_days' });
  });
});

describe('template rules', () => {
  it('refuses a step requiring a category that does not exist', () => {
    const steps = edited('audit', { requiredDocuments: ['no_such_thing' as never] });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_UNKNOWN_CATEGORY',
      details: { step: 'audit', category: 'no_such_thing' },
    });
  });

  it('refuses a signature of a category that does not exist', () => {
    const steps = edited('engagement_letter_signature', {
      signature: { documentCategory: 'charter' as never },
    });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_UNKNOWN_CATEGORY',
      details: { step: 'engagement_letter_signature' },
    });
  });

  it('refuses two steps with the same key', () => {
    const steps = inserted('audit', { key: 'audit', status: 'audit_in_progress' });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_DUPLICATE_STEP',
      details: { step: 'audit' },
    });
  });

  it('refuses a step whose status goes back on the main path', () => {
    const steps = inserted('audit', { key: 'second_look', status: 'documents_pending' });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_LOOP',
      details: { step: 'second_look', status: 'documents_pending' },
    });
  });

  it('refuses a step in a closing status', () => {
    const steps = inserted('closing', { key: 'archive', status: 'closed' });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_LOOP',
      details: { step: 'archive' },
    });
  });

  it('refuses a template leaving a status without a step', () => {
    const steps = defaults().filter((s) => s.status !== 'audit_in_progress');
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_STATUS_UNCOVERED',
      details: { step: null, status: 'audit_in_progress' },
    });
  });

  it('refuses a status whose every step a condition may skip', () => {
    const steps = edited('audit', { skipIf: { op: 'gt', args: [{ var: 'estimatedCents' }, 0] } });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_STATUS_UNCOVERED',
      details: { step: 'audit', status: 'audit_in_progress' },
    });
  });

  it('refuses a last step whose role may not take the edge to the next status', () => {
    const steps = edited('audit', { role: 'client' });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_ROLE_MISMATCH',
      details: { step: 'audit', status: 'audit_in_progress' },
    });
  });

  it("accepts a last step done by one role when its validator's role takes the edge", () => {
    const steps = edited('audit', { role: 'client', validation: 'expert' });
    expect(templateProblem(steps, ticpe)).toBeNull();
  });

  it('checks a conditional step after the last fixed one, since it may end the status', () => {
    const steps = inserted('audit', {
      key: 'client_check',
      status: 'audit_in_progress',
      role: 'client',
      skipIf: { op: 'lt', args: [{ var: 'estimatedCents' }, 100_000] },
    });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_ROLE_MISMATCH',
      details: { step: 'client_check' },
    });
  });

  it('accepts an admin as the last step of any status', () => {
    expect(templateProblem(edited('audit', { role: 'admin' }), ticpe)).toBeNull();
  });

  it('refuses a signature by someone else than the client', () => {
    const steps = edited('engagement_letter_upload', {
      signature: { documentCategory: 'engagement_letter' },
    });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_ROLE_MISMATCH',
      details: { step: 'engagement_letter_upload' },
    });
  });

  it('refuses an expert assignment outside the eligible status', () => {
    const steps = edited('audit', { actions: [{ type: 'assign_expert', mode: 'ask' }] });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_INVALID_ACTION',
      details: { step: 'audit', status: 'audit_in_progress' },
    });
  });

  it('accepts an expert assignment at the eligible status', () => {
    const steps = edited('choose_expert', { actions: [{ type: 'assign_expert', mode: 'assign' }] });
    expect(templateProblem(steps, ticpe)).toBeNull();
  });

  it("refuses a document request outside the product's categories", () => {
    const steps = edited('audit', {
      actions: [{ type: 'request_documents', categories: ['payslips'], dueInDays: 7 }],
    });
    expect(templateProblem(steps, ticpe)).toMatchObject({
      code: 'WORKFLOW_INVALID_ACTION',
      details: { step: 'audit', category: 'payslips' },
    });
  });

  it("accepts a document request of 'other'", () => {
    const steps = edited('audit', {
      actions: [{ type: 'request_documents', categories: ['other'], dueInDays: 7 }],
    });
    expect(templateProblem(steps, ticpe)).toBeNull();
  });
});
