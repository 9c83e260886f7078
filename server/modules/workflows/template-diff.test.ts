import { describe, expect, it } from 'vitest';
import type { WorkflowStep } from '../../../common/workflows.ts';
import { productDefinitions } from '../../db/seed/products.ts';
import { defaultTemplate } from './default-templates.ts';
import { diffTemplates } from './template-diff.ts';

const steps = defaultTemplate(productDefinitions.find((p) => p.code === 'TICPE')!);
const v1 = { version: 1, steps };
const extra: WorkflowStep = {
  ...(steps[0] as WorkflowStep),
  key: 'kickoff_call',
  name: { fr: 'Appel', en: 'Call' },
};
const keys = (list: { key: string }[]) => list.map((s) => s.key);

describe('template diff', () => {
  it('finds nothing between a version and itself', () => {
    expect(diffTemplates(v1, { version: 2, steps })).toEqual({
      from: 1,
      to: 2,
      added: [],
      removed: [],
      changed: [],
      moved: [],
    });
  });

  it('lists an added step with its position, without calling the steps after it moved', () => {
    const diff = diffTemplates(v1, { version: 2, steps: [extra, ...steps] });
    expect(diff.added).toEqual([{ key: 'kickoff_call', name: extra.name, position: 0 }]);
    expect(diff.moved).toEqual([]);
  });

  it('lists a removed step with its old position', () => {
    const diff = diffTemplates(v1, { version: 2, steps: steps.filter((s) => s.key !== 'claim_filing') });
    expect(diff.removed).toMatchObject([
      { key: 'claim_filing', position: steps.findIndex((s) => s.key === 'claim_filing') },
    ]);
  });

  it('lists the fields of a changed step', () => {
    const changed = steps.map((s) =>
      s.key === 'audit'
        ? { ...s, sla: { amount: 3, unit: 'business_days' as const }, role: 'admin' as const }
        : s,
    );
    expect(diffTemplates(v1, { version: 2, steps: changed }).changed).toEqual([
      { key: 'audit', name: steps.find((s) => s.key === 'audit')!.name, fields: ['role', 'sla'] },
    ]);
  });

  it('ignores the order of the keys of stored steps', () => {
    const reordered = steps.map((s) => Object.fromEntries(Object.entries(s).reverse()) as WorkflowStep);
    expect(diffTemplates(v1, { version: 2, steps: reordered }).changed).toEqual([]);
  });

  it('reports only the step that moved when two are swapped', () => {
    const [a, b, ...rest] = steps as [WorkflowStep, WorkflowStep, ...WorkflowStep[]];
    const diff = diffTemplates(v1, { version: 2, steps: [b, a, ...rest] });
    expect(diff.moved).toHaveLength(1);
    expect(['confirm_dossier', 'pre_eligibility_documents']).toContain(diff.moved[0]!.key);
  });

  it('reports a step moved to the end with its old and new positions', () => {
    const [first, ...rest] = steps as [WorkflowStep, ...WorkflowStep[]];
    const diff = diffTemplates(v1, { version: 2, steps: [...rest, first] });
    expect(diff.moved).toEqual([{ key: 'confirm_dossier', from: 0, to: steps.length - 1 }]);
    expect(keys(diff.added)).toEqual([]);
  });
});
