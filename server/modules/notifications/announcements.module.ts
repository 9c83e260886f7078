import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../module.ts';
import { sendAnnouncement, sendDueAnnouncements } from './announcements.jobs.ts';
import { announcementsRoutes } from './announcements.routes.ts';
import type { AnnouncementsService } from './announcements.service.ts';

/** The admin routes of announcements, their send job and the sweep that makes sure each goes out. */
export async function registerAnnouncements(
  app: FastifyInstance,
  { services }: ModuleContext,
  announcements: AnnouncementsService,
) {
  services.jobs.register(sendAnnouncement, { announcements });
  services.jobs.register(sendDueAnnouncements, { announcements });
  await app.register(announcementsRoutes, { announcements });
}
