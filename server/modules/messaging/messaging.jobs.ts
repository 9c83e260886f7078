import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import type { AttachmentsService } from './attachments.service.ts';
import type { DossierMembership } from './membership.ts';

/** An upload no message carried after this long is an abandoned draft. */
export const UNSENT_UPLOAD_TTL_MS = 24 * 3600 * 1000;

/** Hourly: removes abandoned uploads, row then blob (a second run finds nothing left to do). */
export const purgeUnsentUploads = defineJob({
  name: 'messaging.purge-unsent-uploads',
  payload: z.object({}),
  cron: { schedule: '17 * * * *', payload: {} },
  run: async (_payload, { clock, attachments }: JobContext & { attachments: AttachmentsService }) => {
    await attachments.purgeUnsentAttachments(new Date(clock.now().getTime() - UNSENT_UPLOAD_TTL_MS));
  },
});

/**
 * Every ten minutes: dossier conversations whose experts disagree with their dossier (an expert change whose
 * event was lost to a crash or a failure after the dossier's commit) are brought back in line. Idempotent.
 */
export const reconcileDossierMembership = defineJob({
  name: 'messaging.reconcile-dossier-membership',
  payload: z.object({}),
  cron: { schedule: '*/10 * * * *', payload: {} },
  run: async (_payload, { membership }: JobContext & { membership: DossierMembership }) => {
    await membership.reconcileDrifted();
  },
});
