import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createDocumentRequestInput,
  documentRequest,
  documentRequestListQuery,
} from '../../../common/documents.ts';
import { page } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { DocumentRequestsService } from './document-requests.service.ts';

const errors = errorResponses;

export const documentRequestsRoutes: FastifyPluginAsyncZod<{ requests: DocumentRequestsService }> = async (
  app,
  { requests },
) => {
  app.post(
    '/api/dossiers/:id/document-requests',
    {
      config: { access: ['expert', 'admin'] },
      schema: {
        tags: ['documents'],
        params: idParams,
        body: createDocumentRequestInput,
        response: { 201: documentRequest, ...errors },
      },
    },
    async (request, reply) => {
      const created = await requests.create(currentUser(request), request.params.id, request.body);
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/document-requests',
    {
      schema: {
        tags: ['documents'],
        querystring: documentRequestListQuery,
        response: { 200: page(documentRequest), ...errors },
      },
    },
    async (request) => requests.list(currentUser(request), request.query),
  );

  app.post(
    '/api/document-requests/:id/cancel',
    {
      config: { access: ['expert', 'admin'] },
      schema: { tags: ['documents'], params: idParams, response: { 200: documentRequest, ...errors } },
    },
    async (request) => requests.cancel(currentUser(request), request.params.id),
  );
};
