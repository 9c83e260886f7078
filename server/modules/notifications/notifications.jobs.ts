import { z } from 'zod';
import { defineJob, type JobContext, type JobItem } from '../../platform/jobs.ts';

/** Deliveries per `notifications.deliver` job: an event's recipients, or a slice of an announcement's. */
export const DELIVERIES_PER_JOB = 20;

type DeliveryWork = {
  deliver(deliveryIds: readonly string[]): Promise<void>;
  sendOverdue(): Promise<number>;
};

const deliverPayload = z
  .object({
    deliveryIds: z.array(z.string().uuid()).min(1).max(DELIVERIES_PER_JOB).optional(),
    deliveryId: z.string().uuid().optional(),
  })
  .refine((p) => p.deliveryIds || p.deliveryId, 'deliveryIds is required');

/**
 * Sends e-mail and push deliveries that fell due together, re-checking at run time what may have changed since the
 * notification (read, preferences, quiet hours). Idempotent: a delivery that is no longer pending is left alone.
 * `deliveryId`: the one delivery of a job sent before deliveries were sent together (an instance not yet restarted).
 */
export const deliverNotification = defineJob({
  name: 'notifications.deliver',
  payload: deliverPayload,
  // An announcement's jobs drain two at a time, each with its slice of deliveries.
  batchSize: 2,
  run: async ({ deliveryIds, deliveryId }, { deliveries }: JobContext & { deliveries: DeliveryWork }) => {
    await deliveries.deliver(deliveryIds ?? [deliveryId!]);
  },
});

/** The jobs of `due` deliveries: one per due time, each with up to `DELIVERIES_PER_JOB` of them. */
export function deliveryJobs(
  due: readonly { id: string; dueAt?: Date }[],
): JobItem<z.infer<typeof deliverPayload>>[] {
  const byTime = new Map<number, { startAfter?: Date; ids: string[] }>();
  for (const { id, dueAt } of due) {
    const key = dueAt?.getTime() ?? 0;
    const group = byTime.get(key) ?? { startAfter: dueAt, ids: [] };
    group.ids.push(id);
    byTime.set(key, group);
  }
  return [...byTime.values()].flatMap(({ startAfter, ids }) =>
    Array.from({ length: Math.ceil(ids.length / DELIVERIES_PER_JOB) }, (_, i) => ({
      payload: { deliveryIds: ids.slice(i * DELIVERIES_PER_JOB, (i + 1) * DELIVERIES_PER_JOB) },
      ...(startAfter ? { startAfter } : {}),
    })),
  );
}

/** Every minute, the safety net: the deliveries still pending well after they fell due (a lost job, a crash). */
export const deliverOverdueNotifications = defineJob({
  name: 'notifications.deliver-due',
  payload: z.object({}),
  cron: { schedule: '* * * * *', payload: {} },
  run: async (_payload, { deliveries }: JobContext & { deliveries: DeliveryWork }) => {
    await deliveries.sendOverdue();
  },
});
