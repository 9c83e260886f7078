import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  announcement,
  announcementDetail,
  announcementInput,
  announcementPreview,
  announcementPreviewInput,
} from '../../../common/announcements.ts';
import { page, pageQuery } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { AnnouncementsService } from './announcements.service.ts';

const errors = errorResponses;
const adminOnly = { access: ['admin' as const] };

export const announcementsRoutes: FastifyPluginAsyncZod<{ announcements: AnnouncementsService }> = async (
  app,
  { announcements },
) => {
  app.post(
    '/api/admin/announcements/preview',
    {
      config: adminOnly,
      schema: {
        tags: ['announcements'],
        body: announcementPreviewInput,
        response: { 200: announcementPreview, ...errors },
      },
    },
    async (request) => announcements.preview(request.body.segment),
  );

  app.post(
    '/api/admin/announcements',
    {
      config: adminOnly,
      schema: {
        tags: ['announcements'],
        body: announcementInput,
        response: { 201: announcementDetail, ...errors },
      },
    },
    async (request, reply) => {
      const created = await announcements.create(currentUser(request), request.body);
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/admin/announcements',
    {
      config: adminOnly,
      schema: {
        tags: ['announcements'],
        querystring: pageQuery,
        response: { 200: page(announcement), ...errors },
      },
    },
    async (request) => announcements.list(request.query),
  );

  app.get(
    '/api/admin/announcements/:id',
    {
      config: adminOnly,
      schema: { tags: ['announcements'], params: idParams, response: { 200: announcementDetail, ...errors } },
    },
    async (request) => announcements.get(request.params.id),
  );

  app.post(
    '/api/admin/announcements/:id/cancel',
    {
      config: adminOnly,
      schema: { tags: ['announcements'], params: idParams, response: { 200: announcementDetail, ...errors } },
    },
    async (request) => announcements.cancel(currentUser(request), request.params.id),
  );
};
