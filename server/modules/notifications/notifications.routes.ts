import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  markAllReadInput,
  notification,
  notificationListQuery,
  notificationPreferences,
  notificationPreferencesInput,
  unreadNotifications,
} from '../../../common/notifications.ts';
import { page } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { NotificationsService } from './notifications.service.ts';
import type { PreferencesService } from './preferences.service.ts';

const errors = errorResponses;
const tags = ['notifications'];
// Every account reads its own notifications, a pending or refused one too (it is told why there).
const access = 'self' as const;

export const notificationsRoutes: FastifyPluginAsyncZod<{
  notifications: NotificationsService;
  preferences: PreferencesService;
}> = async (app, { notifications, preferences }) => {
  app.get(
    '/api/notifications',
    {
      config: { access },
      schema: { tags, querystring: notificationListQuery, response: { 200: page(notification), ...errors } },
    },
    async (request) => notifications.list(currentUser(request), request.query),
  );

  app.get(
    '/api/notifications/unread',
    { config: { access }, schema: { tags, response: { 200: unreadNotifications, ...errors } } },
    async (request) => notifications.unread(currentUser(request)),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access },
      schema: { tags, body: markAllReadInput, response: { 200: unreadNotifications, ...errors } },
    },
    async (request) => notifications.markAllRead(currentUser(request), request.body.before),
  );

  const actions = {
    read: (user, id) => notifications.markRead(user, id),
    unread: (user, id) => notifications.markUnread(user, id),
    archive: (user, id) => notifications.archive(user, id),
    unarchive: (user, id) => notifications.unarchive(user, id),
  } satisfies Record<string, (...args: Parameters<NotificationsService['markRead']>) => unknown>;
  for (const [action, act] of Object.entries(actions)) {
    app.post(
      `/api/notifications/:id/${action}`,
      { config: { access }, schema: { tags, params: idParams, response: { 200: notification, ...errors } } },
      async (request) => act(currentUser(request), request.params.id),
    );
  }

  app.get(
    '/api/notification-preferences',
    { config: { access }, schema: { tags, response: { 200: notificationPreferences, ...errors } } },
    async (request) => preferences.get(currentUser(request)),
  );

  app.put(
    '/api/notification-preferences',
    {
      config: { access },
      schema: {
        tags,
        body: notificationPreferencesInput,
        response: { 200: notificationPreferences, ...errors },
      },
    },
    async (request) => preferences.update(currentUser(request), request.body),
  );
};
