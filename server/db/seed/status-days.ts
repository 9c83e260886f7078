import type { DossierStatus } from '../../../common/dossier-lifecycle.ts';

/**
 * Days a generated dossier spends in each status of the main path before it moves on, before a spread of 0.3× to
 * 1.7×: the demo's year of history and the admin benchmark's data set follow them.
 */
export const typicalStatusDays: Partial<Record<DossierStatus, number>> = {
  draft: 1,
  pre_eligibility_pending: 2,
  pre_eligibility_review: 3,
  eligible: 4,
  expert_pending: 2,
  expert_assigned: 3,
  documents_pending: 8,
  audit_in_progress: 3.5,
  audit_proposed: 5,
  submitted: 25,
  administration_decided: 15,
  refunded: 10,
};
