import type { AppModule } from '../../module.ts';
import { registerAlertNotices } from './alert-notices.ts';
import { registerAnnouncements } from './announcements.module.ts';
import { registerEmail } from './email.module.ts';
import { deliverNotification, deliverOverdueNotifications } from './notifications.jobs.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { registerNotificationSubscribers } from './notifications.subscribers.ts';
import { registerPush } from './push.module.ts';
import { registerWorkflowNotices } from './workflow-notices.ts';

export const notificationsModule: AppModule = {
  name: 'notifications',
  async register(app, context) {
    const { services } = context;
    const { notifications, preferences, deliveries, email, push, announcements } = services.notifications;
    registerNotificationSubscribers(services.events, {
      notifications,
      users: services.users,
      dossiers: services.dossiers,
      expertRequests: services.expertRequests,
      messages: services.messaging.messages,
      presence: services.realtime,
      log: (error, event) => context.logFailure(error, { event }, 'Notification of a domain event failed'),
    });
    const noticeDeps = { notifications, users: services.users, dossiers: services.dossiers };
    registerAlertNotices(services.events, noticeDeps);
    registerWorkflowNotices(services.events, noticeDeps);
    services.jobs.register(deliverNotification, { deliveries });
    services.jobs.register(deliverOverdueNotifications, { deliveries });
    await app.register(notificationsRoutes, { notifications, preferences });
    await registerEmail(app, context, email);
    await registerPush(app, context, push);
    await registerAnnouncements(app, context, announcements);
  },
};
