import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  alert,
  alertCounts,
  alertListQuery,
  resolveAlertInput,
  snoozeAlertInput,
} from '../../../common/alerts.ts';
import { page } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { AlertsService } from './alerts.service.ts';

const errors = errorResponses;
const staff = { access: ['expert' as const, 'admin' as const] };

/** The alert centre: experts their own alerts, admins all of them. */
export const alertsRoutes: FastifyPluginAsyncZod<{ alerts: AlertsService }> = async (app, { alerts }) => {
  app.get(
    '/api/alerts',
    {
      config: staff,
      schema: { tags: ['alerts'], querystring: alertListQuery, response: { 200: page(alert), ...errors } },
    },
    async (request) => alerts.list(currentUser(request), request.query),
  );

  app.get(
    '/api/alerts/counts',
    { config: staff, schema: { tags: ['alerts'], response: { 200: alertCounts, ...errors } } },
    async (request) => alerts.counts(currentUser(request)),
  );

  app.post(
    '/api/alerts/:id/acknowledge',
    { config: staff, schema: { tags: ['alerts'], params: idParams, response: { 200: alert, ...errors } } },
    async (request) => alerts.acknowledge(currentUser(request), request.params.id),
  );

  app.post(
    '/api/alerts/:id/resolve',
    {
      config: staff,
      schema: {
        tags: ['alerts'],
        params: idParams,
        body: resolveAlertInput,
        response: { 200: alert, ...errors },
      },
    },
    async (request) => alerts.resolve(currentUser(request), request.params.id, request.body),
  );

  app.post(
    '/api/alerts/:id/snooze',
    {
      config: staff,
      schema: {
        tags: ['alerts'],
        params: idParams,
        body: snoozeAlertInput,
        response: { 200: alert, ...errors },
      },
    },
    async (request) => alerts.snooze(currentUser(request), request.params.id, request.body),
  );
};
