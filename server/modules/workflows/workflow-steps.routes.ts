import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { completeStepInput, stepOutcome, stepParams, validateStepInput } from '../../../common/workflows.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses as errors } from '../../platform/route-schemas.ts';
import type { WorkflowEngine } from './workflow-engine.service.ts';

/**
 * Completing a dossier's open step and validating the work handed to its validator: any signed-in role may call,
 * the engine checks who acts. Both answer what the change did (the progress is read at GET .../workflow).
 */
export const workflowStepsRoutes: FastifyPluginAsyncZod<{ engine: WorkflowEngine }> = async (
  app,
  { engine },
) => {
  app.post(
    '/api/dossiers/:id/workflow/steps/:stepId/complete',
    {
      schema: {
        tags: ['workflows'],
        params: stepParams,
        body: completeStepInput.default({}),
        response: { 200: stepOutcome, ...errors },
      },
    },
    async (request) => {
      const { id, stepId } = request.params;
      return engine.complete(currentUser(request), id, stepId, request.body);
    },
  );

  app.post(
    '/api/dossiers/:id/workflow/steps/:stepId/validation',
    {
      schema: {
        tags: ['workflows'],
        params: stepParams,
        body: validateStepInput,
        response: { 200: stepOutcome, ...errors },
      },
    },
    async (request) => {
      const { id, stepId } = request.params;
      return engine.validate(currentUser(request), id, stepId, request.body);
    },
  );
};
