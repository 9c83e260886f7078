import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { signStepInput, stepParams, stepSignature, workflowProgress } from '../../../common/workflows.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses as errors, idParams } from '../../platform/route-schemas.ts';
import type { SignaturesService } from './signatures.service.ts';
import type { WorkflowProgressService } from './workflow-progress.service.ts';

/** A dossier's workflow as its readers see it, and the client's signature of a step's document. */
export const workflowProgressRoutes: FastifyPluginAsyncZod<{
  progress: WorkflowProgressService;
  signatures: SignaturesService;
}> = async (app, { progress, signatures }) => {
  app.get(
    '/api/dossiers/:id/workflow',
    { schema: { tags: ['workflows'], params: idParams, response: { 200: workflowProgress, ...errors } } },
    async (request) => progress.get(currentUser(request), request.params.id),
  );

  app.post(
    '/api/dossiers/:id/workflow/steps/:stepId/signature',
    {
      config: { access: ['client'] },
      schema: {
        tags: ['workflows'],
        params: stepParams,
        body: signStepInput,
        response: { 201: stepSignature, ...errors },
      },
    },
    async (request, reply) => {
      const { id, stepId } = request.params;
      const signature = await signatures.sign(currentUser(request), id, stepId, request.body, {
        ip: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.status(201);
      return signature;
    },
  );

  app.get(
    '/api/dossiers/:id/workflow/steps/:stepId/signature/certificate',
    { schema: { tags: ['workflows'], params: stepParams } },
    async (request, reply) => {
      const { id, stepId } = request.params;
      const certificate = await signatures.certificate(currentUser(request), id, stepId);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-length', certificate.size)
        .header('content-disposition', `attachment; filename="${certificate.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .send(certificate.stream);
    },
  );
};
