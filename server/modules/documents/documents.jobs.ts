import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import type { DocumentRemovalService } from './document-removal.service.ts';

type RemovalContext = JobContext & {
  removal: Pick<DocumentRemovalService, 'reconcileBlobs' | 'purgePastRetention'>;
};

/** Hourly: blobs no version points at, and unfinished writes, an hour old are removed (idempotent). */
export const reconcileDocumentBlobs = defineJob({
  name: 'documents.reconcile',
  payload: z.object({}),
  cron: { schedule: '41 * * * *', payload: {} },
  run: async (_payload, { removal }: RemovalContext) => {
    await removal.reconcileBlobs();
  },
});

/** Daily at night: documents of dossiers closed longer than the retention period are deleted with their blobs. */
export const purgeRetainedDocuments = defineJob({
  name: 'documents.retention',
  payload: z.object({}),
  cron: { schedule: '23 3 * * *', payload: {} },
  run: async (_payload, { removal }: RemovalContext) => {
    await removal.purgePastRetention();
  },
});
