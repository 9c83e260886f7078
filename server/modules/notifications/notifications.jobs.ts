import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';

type DeliveryWork = {
  deliver(deliveryId: string): Promise<void>;
  sendOverdue(): Promise<number>;
};

/**
 * Sends one e-mail or push delivery once it is due, re-checking at run time what may have changed since the
 * notification (read, preferences, quiet hours). Idempotent: a delivery that is no longer pending is left alone.
 */
export const deliverNotification = defineJob({
  name: 'notifications.deliver',
  payload: z.object({ deliveryId: z.string().uuid() }),
  // An announcement queues one per recipient: they drain ten at a time.
  batchSize: 10,
  run: async ({ deliveryId }, { deliveries }: JobContext & { deliveries: DeliveryWork }) => {
    await deliveries.deliver(deliveryId);
  },
});

/** Every minute, the safety net: the deliveries still pending well after they fell due (a lost job, a crash). */
export const deliverOverdueNotifications = defineJob({
  name: 'notifications.deliver-due',
  payload: z.object({}),
  cron: { schedule: '* * * * *', payload: {} },
  run: async (_payload, { deliveries }: JobContext & { deliveries: DeliveryWork }) => {
    await deliveries.sendOverdue();
  },
});
