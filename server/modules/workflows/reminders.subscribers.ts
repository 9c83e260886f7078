import { z } from 'zod';
import type { EventBus } from '../../platform/events.ts';
import { defineJob, type JobContext, type JobRunner } from '../../platform/jobs.ts';
import type { RemindersService } from './reminders.service.ts';

/** Every five minutes: the reminders that fell due are sent (their cause checked again), with back-off. */
export const sendReminders = defineJob({
  name: 'workflows.send-reminders',
  payload: z.object({}),
  cron: { schedule: '*/5 * * * *', payload: {} },
  run: async (
    _payload,
    { clock, reminders }: JobContext & { reminders: Pick<RemindersService, 'sendDue'> },
  ) => {
    await reminders.sendDue(clock.now());
  },
});

/** The events that start a reminder and the ones that take its cause away, and the sending job. */
export function registerReminders(
  jobs: Pick<JobRunner, 'register'>,
  events: EventBus,
  reminders: RemindersService,
): void {
  jobs.register(sendReminders, { reminders });
  events.subscribe('document.requested', (e) => reminders.documentsRequested(e));
  events.subscribe('document.request_fulfilled', (e) =>
    reminders.stop({ kind: 'documents_awaited', subjectId: e.requestId }, 'fulfilled'),
  );
  events.subscribe('document.request_cancelled', (e) =>
    reminders.stop({ kind: 'documents_awaited', subjectId: e.requestId }, 'cancelled'),
  );
  events.subscribe('message.created', (e) => reminders.messageCreated(e));
  events.subscribe('expert_request.created', (e) => reminders.expertRequested(e));
  events.subscribe('expert_request.accepted', (e) =>
    reminders.stop({ kind: 'expert_request_unanswered', subjectId: e.requestId }, 'accepted'),
  );
  events.subscribe('expert_request.declined', (e) =>
    reminders.stop({ kind: 'expert_request_unanswered', subjectId: e.requestId }, 'declined'),
  );
  events.subscribe('user.registered', (e) => reminders.userRegistered(e));
  events.subscribe('user.status_changed', async (e) => {
    if (e.status !== 'pending')
      await reminders.stop({ kind: 'expert_review_pending', subjectId: e.userId }, e.status);
  });
}
