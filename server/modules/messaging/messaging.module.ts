import type { AppModule } from '../../module.ts';
import { purgeUnsentUploads, reconcileDossierMembership } from './messaging.jobs.ts';
import { messagingRoutes } from './messaging.routes.ts';
import { registerMessagingSocket } from './messaging.socket.ts';

export const messagingModule: AppModule = {
  name: 'messaging',
  async register(app, { services, config, logFailure }) {
    const { messaging, jobs, realtime } = services;
    jobs.register(purgeUnsentUploads, { attachments: messaging.attachments });
    jobs.register(reconcileDossierMembership, { membership: messaging.membership });
    registerMessagingSocket(realtime, messaging, (error, context) =>
      logFailure(error, { context }, 'socket handler failed'),
    );
    await app.register(messagingRoutes, { messaging, attachmentMaxBytes: config.attachmentMaxBytes });
  },
};
