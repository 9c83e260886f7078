import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assignExpertInput, dossierDetail } from '../../../common/dossiers.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';

const errors = errorResponses;

export const adminRoutes: FastifyPluginAsyncZod<{ dossiers: DossiersService }> = async (app, opts) => {
  app.post(
    '/api/admin/dossiers/:id/assign',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        params: idParams,
        body: assignExpertInput,
        response: { 200: dossierDetail, ...errors },
      },
    },
    async (request) =>
      opts.dossiers.assign(
        currentUser(request),
        request.params.id,
        request.body.expertId,
        request.body.reason,
      ),
  );
};
