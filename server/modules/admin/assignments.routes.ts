import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  expertLoad,
  expertLoadQuery,
  pendingExpertRequest,
  unassignedDossier,
} from '../../../common/admin-assignments.ts';
import { page, pageQuery } from '../../../common/pagination.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { AssignmentsService } from './assignments.service.ts';

const errors = errorResponses;
const schema = { tags: ['admin'] };

export const assignmentsRoutes: FastifyPluginAsyncZod<{ assignments: AssignmentsService }> = async (
  app,
  { assignments },
) => {
  app.get(
    '/api/admin/assignments/unassigned',
    {
      config: { access: ['admin'] },
      schema: { ...schema, querystring: pageQuery, response: { 200: page(unassignedDossier), ...errors } },
    },
    async (request) => assignments.unassigned(request.query),
  );

  app.get(
    '/api/admin/assignments/requests',
    {
      config: { access: ['admin'] },
      schema: { ...schema, querystring: pageQuery, response: { 200: page(pendingExpertRequest), ...errors } },
    },
    async (request) => assignments.pendingRequests(request.query),
  );

  app.get(
    '/api/admin/assignments/experts',
    {
      config: { access: ['admin'] },
      schema: { ...schema, querystring: expertLoadQuery, response: { 200: page(expertLoad), ...errors } },
    },
    async (request) => assignments.expertLoads(request.query),
  );
};
