import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reportSchedule, scheduleInput, scheduleRun, scheduleUpdate } from '../../../../common/reports.ts';
import { currentUser } from '../../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../../platform/route-schemas.ts';
import type { SchedulesService } from './schedules.service.ts';

const schedulers = { access: ['admin' as const, 'expert' as const] };

/** Reports sent on a schedule: their owner's list, creation, pause and resume, removal, and history of runs. */
export const schedulesRoutes: FastifyPluginAsyncZod<{ schedules: SchedulesService }> = async (
  app,
  { schedules },
) => {
  app.get(
    '/api/report-schedules',
    {
      config: schedulers,
      schema: {
        tags: ['reports'],
        response: { 200: z.object({ items: z.array(reportSchedule) }), ...errorResponses },
      },
    },
    async (request) => schedules.list(currentUser(request)),
  );

  app.post(
    '/api/report-schedules',
    {
      config: schedulers,
      schema: {
        tags: ['reports'],
        body: scheduleInput,
        response: { 201: reportSchedule, ...errorResponses },
      },
    },
    async (request, reply) => {
      reply.status(201);
      return schedules.create(currentUser(request), request.body);
    },
  );

  app.patch(
    '/api/report-schedules/:id',
    {
      config: schedulers,
      schema: {
        tags: ['reports'],
        params: idParams,
        body: scheduleUpdate,
        response: { 200: reportSchedule, ...errorResponses },
      },
    },
    async (request) => schedules.setActive(currentUser(request), request.params.id, request.body.active),
  );

  app.delete(
    '/api/report-schedules/:id',
    { config: schedulers, schema: { tags: ['reports'], params: idParams } },
    async (request, reply) => {
      await schedules.remove(currentUser(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/report-schedules/:id/runs',
    {
      config: schedulers,
      schema: {
        tags: ['reports'],
        params: idParams,
        response: { 200: z.object({ items: z.array(scheduleRun) }), ...errorResponses },
      },
    },
    async (request) => schedules.runs(currentUser(request), request.params.id),
  );
};
