import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminUser, adminUserListQuery, optionalReasonInput } from '../../../common/admin.ts';
import { assignExpertInput, dossierDetail } from '../../../common/dossiers.ts';
import { page } from '../../../common/pagination.ts';
import { user } from '../../../common/users.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { StatusAction } from '../users/users.service.ts';
import type { AdminService } from './admin.service.ts';

const errors = errorResponses;
const statusActions: StatusAction[] = ['approve', 'reject', 'suspend', 'reactivate'];

export const adminRoutes: FastifyPluginAsyncZod<{ admin: AdminService; dossiers: DossiersService }> = async (
  app,
  opts,
) => {
  app.get(
    '/api/admin/users',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        querystring: adminUserListQuery,
        response: { 200: page(adminUser), ...errors },
      },
    },
    async (request) => opts.admin.listUsers(request.query),
  );

  for (const action of statusActions) {
    app.post(
      `/api/admin/users/:id/${action}`,
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['admin'],
          params: idParams,
          body: optionalReasonInput,
          response: { 200: user, ...errors },
        },
      },
      async (request) =>
        opts.admin.changeUserStatus(
          currentUser(request),
          request.params.id,
          action,
          request.body?.reason ?? null,
        ),
    );
  }

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
    async (request) => opts.dossiers.assign(currentUser(request), request.params.id, request.body.expertId),
  );
};
