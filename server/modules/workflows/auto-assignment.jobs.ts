import { z } from 'zod';
import type { EventBus } from '../../platform/events.ts';
import { defineJob, type JobRunner } from '../../platform/jobs.ts';
import type { AutoAssignmentService } from './auto-assignment.service.ts';

/** Finds and asks (or assigns) the best available expert for a dossier's step, just after the step's commit. */
export const autoAssign = defineJob({
  name: 'workflows.auto-assign',
  payload: z.object({ dossierId: z.string().uuid(), stepId: z.string().uuid() }),
  run: async ({ dossierId, stepId }, { assignment }: { assignment: AutoAssignmentService }) => {
    await assignment.run(dossierId, stepId);
  },
});

/**
 * A step entered with an `assign_expert` action sends the job; so does an expert who declines or a breached
 * deadline (the job itself checks that the dossier's open step still calls for an expert).
 */
export function registerAutoAssignment(
  jobs: Pick<JobRunner, 'register' | 'send' | 'sendMany'>,
  events: EventBus,
  assignment: AutoAssignmentService,
): void {
  jobs.register(autoAssign, { assignment });
  const again = async (dossierId: string) => {
    const stepId = await assignment.openStepId(dossierId);
    if (stepId) await jobs.send(autoAssign, { dossierId, stepId });
  };
  events.subscribe('workflow.step_entered', async (e) => {
    if (e.actions.some((a) => a.type === 'assign_expert')) {
      await jobs.send(autoAssign, { dossierId: e.dossierId, stepId: e.stepId });
    }
  });
  events.subscribe('expert_request.declined', (e) => again(e.dossierId));
  // A sweep may breach thousands of steps at once: only those waiting on an expert's answer are worth a job.
  events.subscribe('alerts.raised', async (e) => {
    const breached = e.alerts.flatMap((a) => (a.type === 'sla_breached' && a.dossierId ? [a.dossierId] : []));
    const waiting = await assignment.awaitingExpert(breached);
    await jobs.sendMany(
      autoAssign,
      waiting.map((payload) => ({ payload })),
    );
  });
}
