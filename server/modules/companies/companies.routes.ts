import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reasonInput } from '../../../common/admin.ts';
import { companyJoinRequest, joinRequestListQuery, myJoinRequest } from '../../../common/companies.ts';
import { page } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses as errors, idParams } from '../../platform/route-schemas.ts';
import type { CompaniesService } from './companies.service.ts';

export const companiesRoutes: FastifyPluginAsyncZod<{ companies: CompaniesService }> = async (
  app,
  { companies },
) => {
  // The requester's own request: readable while their account waits (or after a rejection).
  app.get(
    '/api/me/company-join-request',
    {
      config: { access: 'self' },
      schema: { tags: ['companies'], response: { 200: myJoinRequest, ...errors } },
    },
    async (request) => companies.mine(currentUser(request)),
  );

  app.get(
    '/api/admin/company-join-requests',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin', 'companies'],
        querystring: joinRequestListQuery,
        response: { 200: page(companyJoinRequest), ...errors },
      },
    },
    async (request) => companies.listJoinRequests(request.query),
  );

  app.post(
    '/api/admin/company-join-requests/:id/approve',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin', 'companies'],
        params: idParams,
        response: { 200: companyJoinRequest, ...errors },
      },
    },
    async (request) => companies.approve(currentUser(request), request.params.id),
  );

  app.post(
    '/api/admin/company-join-requests/:id/reject',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin', 'companies'],
        params: idParams,
        body: reasonInput,
        response: { 200: companyJoinRequest, ...errors },
      },
    },
    async (request) => companies.reject(currentUser(request), request.params.id, request.body.reason),
  );
};
