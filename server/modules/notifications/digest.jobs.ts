import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import type { DigestService } from './digest.ts';

/**
 * Hourly, on the hour: the digests due in this hour (8:00 in each subscriber's time zone). A retry within the hour
 * sends nothing twice (`last_digest_at`, and the period in the e-mail's idempotency key).
 */
export const sendDigests = defineJob({
  name: 'notifications.digest',
  payload: z.object({}),
  cron: { schedule: '0 * * * *', payload: {} },
  run: async (_payload, { digest }: JobContext & { digest: DigestService }) => {
    await digest.sendDue();
  },
});
