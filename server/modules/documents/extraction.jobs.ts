import { z } from 'zod';
import type { EventBus } from '../../platform/events.ts';
import { defineJob, type JobContext, type JobRunner, type JobSender } from '../../platform/jobs.ts';
import type { ExtractionService } from './extraction.service.ts';

const RETRIES = 3;

/** Extracts one version's text (queued by its upload, or by the sweep). Idempotent: an extracted version is skipped. */
export const extractDocumentText = defineJob({
  name: 'documents.extract',
  payload: z.object({ versionId: z.string().uuid() }),
  retry: { limit: RETRIES, delaySeconds: 30, backoff: true },
  run: async (
    { versionId },
    { extraction, signal, attempt }: JobContext & { extraction: ExtractionService },
  ) => {
    await extraction.extract(versionId, { signal, lastAttempt: attempt >= RETRIES });
  },
});

/** Every five minutes: versions whose extraction job was lost (a crash after the upload's commit) are sent again. */
export const sweepStaleExtractions = defineJob({
  name: 'documents.extract-sweep',
  payload: z.object({}),
  cron: { schedule: '*/5 * * * *', payload: {} },
  run: async (
    _payload,
    { extraction, jobs }: JobContext & { extraction: ExtractionService; jobs: JobSender },
  ) => {
    const versionIds = await extraction.claimStale();
    await jobs.sendMany(
      extractDocumentText,
      versionIds.map((versionId) => ({ payload: { versionId } })),
    );
  },
});

/** The extraction jobs, and each upload queueing its version's. */
export function registerExtraction(jobs: JobRunner, events: EventBus, extraction: ExtractionService): void {
  jobs.register(extractDocumentText, { extraction });
  jobs.register(sweepStaleExtractions, { extraction, jobs });
  events.subscribe('document.uploaded', async ({ versionId }) => {
    await jobs.send(extractDocumentText, { versionId });
  });
}
