import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportJob, exportRequest } from '../../../../common/reports.ts';
import { currentUser } from '../../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../../platform/route-schemas.ts';
import type { ExportsService } from './exports.service.ts';

const signedIn = { access: ['admin' as const, 'expert' as const, 'client' as const] };

/** Exports: ask for a file, follow its progress, cancel it, download it. */
export const exportsRoutes: FastifyPluginAsyncZod<{ exports: ExportsService }> = async (app, { exports }) => {
  app.post(
    '/api/exports',
    {
      config: signedIn,
      schema: { tags: ['reports'], body: exportRequest, response: { 202: exportJob, ...errorResponses } },
    },
    async (request, reply) => {
      reply.status(202);
      return exports.request(currentUser(request), request.body);
    },
  );

  app.get(
    '/api/exports',
    {
      config: signedIn,
      schema: {
        tags: ['reports'],
        response: { 200: z.object({ items: z.array(exportJob) }), ...errorResponses },
      },
    },
    async (request) => exports.list(currentUser(request)),
  );

  app.get(
    '/api/exports/:id',
    {
      config: signedIn,
      schema: { tags: ['reports'], params: idParams, response: { 200: exportJob, ...errorResponses } },
    },
    async (request) => exports.get(currentUser(request), request.params.id),
  );

  app.post(
    '/api/exports/:id/cancel',
    {
      config: signedIn,
      schema: { tags: ['reports'], params: idParams, response: { 200: exportJob, ...errorResponses } },
    },
    async (request) => exports.cancel(currentUser(request), request.params.id),
  );

  // A signed link (made for the export's owner) is the credential: a browser download sends no bearer token.
  app.get(
    '/api/exports/:id/file',
    {
      config: { access: 'public' },
      schema: {
        tags: ['reports'],
        params: idParams,
        querystring: z.object({ token: z.string().max(200) }),
      },
    },
    async (request, reply) => {
      const file = await exports.file(request.params.id, request.query.token);
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
};
