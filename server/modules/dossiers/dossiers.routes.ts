import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createDossierInput,
  dossier,
  dossierDetail,
  dossierListQuery,
  dossierSummary,
  transitionInput,
} from '../../../common/dossiers.ts';
import { page } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { DossiersService } from './dossiers.service.ts';

const errors = errorResponses;

export const dossiersRoutes: FastifyPluginAsyncZod<{ dossiers: DossiersService }> = async (
  app,
  { dossiers },
) => {
  app.get(
    '/api/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        querystring: dossierListQuery,
        response: { 200: page(dossier), ...errors },
      },
    },
    async (request) => dossiers.list(currentUser(request), request.query),
  );

  app.get(
    '/api/dossiers/summary',
    { schema: { tags: ['dossiers'], response: { 200: dossierSummary, ...errors } } },
    async (request) => dossiers.summary(currentUser(request)),
  );

  app.post(
    '/api/dossiers',
    {
      config: { access: ['client'] },
      schema: { tags: ['dossiers'], body: createDossierInput, response: { 201: dossierDetail, ...errors } },
    },
    async (request, reply) => {
      const created = await dossiers.create(
        currentUser(request),
        request.body.productCode,
        request.body.estimatedCents ?? null,
      );
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/dossiers/:id',
    { schema: { tags: ['dossiers'], params: idParams, response: { 200: dossierDetail, ...errors } } },
    async (request) => dossiers.get(currentUser(request), request.params.id),
  );

  app.post(
    '/api/dossiers/:id/transitions',
    {
      schema: {
        tags: ['dossiers'],
        params: idParams,
        body: transitionInput,
        response: { 200: dossierDetail, ...errors },
      },
    },
    async (request) => dossiers.transition(currentUser(request), request.params.id, request.body),
  );
};
