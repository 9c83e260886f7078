import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditActor,
  auditActorQuery,
  auditEntry,
  auditExportQuery,
  auditFacets,
  auditListQuery,
} from '../../../common/admin-audit.ts';
import { page } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { AuditLogService } from './audit-log.service.ts';

const errors = errorResponses;
const admins = { access: ['admin' as const] };

/** The audit log: its pages, its filters' choices, and its CSV export. */
export const auditLogRoutes: FastifyPluginAsyncZod<{ auditLog: AuditLogService }> = async (
  app,
  { auditLog },
) => {
  app.get(
    '/api/admin/audit',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        querystring: auditListQuery,
        response: { 200: page(auditEntry), ...errors },
      },
    },
    async (request) => auditLog.list(request.query),
  );

  app.get(
    '/api/admin/audit/facets',
    { config: admins, schema: { tags: ['admin'], response: { 200: auditFacets, ...errors } } },
    async () => auditLog.facets(),
  );

  app.get(
    '/api/admin/audit/actors',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        querystring: auditActorQuery,
        response: { 200: z.array(auditActor), ...errors },
      },
    },
    async (request) => auditLog.actors(request.query.q),
  );

  app.get(
    '/api/admin/audit/export',
    { config: admins, schema: { tags: ['admin'], querystring: auditExportQuery } },
    async (request, reply) => {
      const { filename, lines } = await auditLog.export(currentUser(request), request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(lines));
    },
  );
};
