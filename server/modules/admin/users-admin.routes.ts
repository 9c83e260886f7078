import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { optionalReasonInput } from '../../../common/admin.ts';
import {
  adminUser,
  adminUserAuditEntry,
  adminUserDetail,
  adminUserListQuery,
  forcedPasswordReset,
} from '../../../common/admin-users.ts';
import { page, pageQuery } from '../../../common/pagination.ts';
import { user } from '../../../common/users.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { StatusAction } from '../users/users.service.ts';
import type { AdminUsersService } from './users-admin.service.ts';

const errors = errorResponses;
const statusActions: StatusAction[] = ['approve', 'reject', 'suspend', 'reactivate'];
const access = { access: ['admin' as const] };

export const adminUsersRoutes: FastifyPluginAsyncZod<{ adminUsers: AdminUsersService }> = async (
  app,
  { adminUsers },
) => {
  app.get(
    '/api/admin/users',
    {
      config: access,
      schema: {
        tags: ['admin'],
        querystring: adminUserListQuery,
        response: { 200: page(adminUser), ...errors },
      },
    },
    async (request) => adminUsers.list(request.query),
  );

  app.get(
    '/api/admin/users/:id',
    {
      config: access,
      schema: { tags: ['admin'], params: idParams, response: { 200: adminUserDetail, ...errors } },
    },
    async (request) => adminUsers.detail(request.params.id),
  );

  app.get(
    '/api/admin/users/:id/audit',
    {
      config: access,
      schema: {
        tags: ['admin'],
        description: 'The audit rows where the user is the actor or the subject, newest first.',
        params: idParams,
        querystring: pageQuery,
        response: { 200: page(adminUserAuditEntry), ...errors },
      },
    },
    async (request) => adminUsers.auditTrail(request.params.id, request.query),
  );

  for (const action of statusActions) {
    app.post(
      `/api/admin/users/:id/${action}`,
      {
        config: access,
        schema: {
          tags: ['admin'],
          params: idParams,
          body: optionalReasonInput,
          response: { 200: user, ...errors },
        },
      },
      async (request) =>
        adminUsers.changeStatus(
          currentUser(request),
          request.params.id,
          action,
          request.body?.reason ?? null,
        ),
    );
  }

  app.post(
    '/api/admin/users/:id/force-password-reset',
    {
      config: access,
      schema: {
        tags: ['admin'],
        description:
          'Ends every session of the user, makes their password unusable and e-mails them a password reset link.',
        params: idParams,
        response: { 200: forcedPasswordReset, ...errors },
      },
    },
    async (request) => {
      await adminUsers.forcePasswordReset(currentUser(request), request.params.id);
      return { sessionsRevoked: true as const, emailQueued: true as const };
    },
  );
};
