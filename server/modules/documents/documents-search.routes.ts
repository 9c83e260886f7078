import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { documentSearchHit, documentSearchQuery } from '../../../common/documents.ts';
import { page } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { DocumentsSearchService } from './documents-search.service.ts';

export const documentsSearchRoutes: FastifyPluginAsyncZod<{ search: DocumentsSearchService }> = async (
  app,
  { search },
) => {
  app.get(
    '/api/documents/search',
    {
      schema: {
        tags: ['documents'],
        querystring: documentSearchQuery,
        response: { 200: page(documentSearchHit), ...errorResponses },
      },
    },
    async (request) => search.search(currentUser(request), request.query),
  );
};
