import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  completeStepInput,
  stepParams,
  validateStepInput,
  workflowProgress,
} from '../../../common/workflows.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses as errors } from '../../platform/route-schemas.ts';
import type { WorkflowEngine } from './workflow-engine.service.ts';
import type { WorkflowProgressService } from './workflow-progress.service.ts';

/**
 * Completing a dossier's open step and validating the work handed to its validator: any signed-in role may call,
 * the engine checks who acts. Both answer the dossier's progress after the change.
 */
export const workflowStepsRoutes: FastifyPluginAsyncZod<{
  engine: WorkflowEngine;
  progress: WorkflowProgressService;
}> = async (app, { engine, progress }) => {
  app.post(
    '/api/dossiers/:id/workflow/steps/:stepId/complete',
    {
      schema: {
        tags: ['workflows'],
        params: stepParams,
        body: completeStepInput.default({}),
        response: { 200: workflowProgress, ...errors },
      },
    },
    async (request) => {
      const { id, stepId } = request.params;
      await engine.complete(currentUser(request), id, stepId, request.body);
      return progress.get(currentUser(request), id);
    },
  );

  app.post(
    '/api/dossiers/:id/workflow/steps/:stepId/validation',
    {
      schema: {
        tags: ['workflows'],
        params: stepParams,
        body: validateStepInput,
        response: { 200: workflowProgress, ...errors },
      },
    },
    async (request) => {
      const { id, stepId } = request.params;
      await engine.validate(currentUser(request), id, stepId, request.body);
      return progress.get(currentUser(request), id);
    },
  );
};
