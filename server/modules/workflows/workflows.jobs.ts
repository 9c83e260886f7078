import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import type { WorkflowEngine } from './workflow-engine.service.ts';
import type { WorkflowTemplatesService } from './workflow-templates.service.ts';

/**
 * Writes the default template of every product that has none, then gives the dossiers made before workflows existed
 * their workflow, aligned with their status. Sent once at start-up; idempotent (a dossier with a workflow is left
 * alone), so several instances or a rerun do no harm.
 */
export const backfillWorkflows = defineJob({
  name: 'workflows.backfill',
  payload: z.object({}),
  run: async (
    _payload,
    {
      engine,
      templates,
    }: JobContext & {
      engine: Pick<WorkflowEngine, 'backfill'>;
      templates: Pick<WorkflowTemplatesService, 'ensureDefaults'>;
    },
  ) => {
    await templates.ensureDefaults();
    await engine.backfill();
  },
});
