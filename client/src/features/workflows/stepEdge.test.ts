import { describe, expect, it } from 'vitest';
import type { StepProgress } from '../../../../common/workflows.ts';
import { edgeAfter } from './stepEdge.ts';

const step = (key: string, status: StepProgress['status'], applies = true) =>
  ({ key, status, applies }) as StepProgress;

describe('the edge a step completion takes', () => {
  const steps = [
    step('audit', 'audit_in_progress'),
    step('audit_report', 'audit_in_progress'),
    step('optional', 'audit_proposed', false),
    step('client_review', 'audit_proposed'),
  ];

  it('none while another applicable step of the same status follows', () => {
    expect(edgeAfter(steps, steps[0]!)).toBeNull();
  });

  it('the last step of a status goes to the next applicable step’s status, with what the edge requires', () => {
    expect(edgeAfter(steps, steps[1]!)).toEqual({ to: 'audit_proposed', requires: 'auditedAmount' });
  });

  it('the last step of all closes the dossier', () => {
    const last = step('close', 'refunded');
    expect(edgeAfter([last], last)).toEqual({ to: 'closed', requires: null });
  });
});
