import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { productCodeParams, templateMigration, templateMigrationInput } from '../../../common/workflows.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses as errors } from '../../platform/route-schemas.ts';
import type { WorkflowEngine } from './workflow-engine.service.ts';

/** Admins move a product's running dossiers to another version of its template (`dryRun`: the preview). */
export const workflowMigrationsRoutes: FastifyPluginAsyncZod<{ engine: WorkflowEngine }> = async (
  app,
  { engine },
) => {
  app.post(
    '/api/workflow-templates/:productCode/migrations',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['workflows'],
        params: productCodeParams,
        body: templateMigrationInput,
        response: { 200: templateMigration, ...errors },
      },
    },
    async (request) => engine.migrate(currentUser(request), request.params.productCode, request.body),
  );
};
