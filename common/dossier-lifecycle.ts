/**
 * The dossier lifecycle as data (statuses, edges, main path, review rule), apart from the API's schemas (no zod),
 * so that the web client's pages can use it without shipping zod; `common/dossiers.ts` re-exports it.
 */
import type { Role } from './roles.ts';

/** The main path, in order: progress is the position of a status on it. */
const mainPathStatuses = [
  'draft',
  'pre_eligibility_pending',
  'pre_eligibility_review',
  'eligible',
  'expert_pending',
  'expert_assigned',
  'documents_pending',
  'audit_in_progress',
  'audit_proposed',
  'submitted',
  'administration_decided',
  'refunded',
  'closed',
] as const;

/** Every status: the main path, then the ends off it. */
export const dossierStatuses = [...mainPathStatuses, 'not_eligible', 'refused', 'cancelled'] as const;
export type DossierStatus = (typeof dossierStatuses)[number];

export const closingStatuses: readonly DossierStatus[] = ['closed', 'not_eligible', 'refused', 'cancelled'];

type Transition = {
  to: DossierStatus;
  /** Who acts; an admin may perform every transition. */
  by: Exclude<Role, 'admin'>[];
  requires?: 'reason' | 'expert' | 'auditedAmount' | 'grantedAmount' | 'obtainedAmount';
  /**
   * A client or expert takes this edge only through that flow, never through the bare transitions route: an
   * expert request checks the chosen expert (listed, handles the product, has capacity). Admins are not bound.
   */
  via?: 'expertRequest';
};

const cancel: Transition = { to: 'cancelled', by: ['client'], requires: 'reason' };

/** The dossier lifecycle of docs/domain.md: every status change goes through one of these edges. */
export const lifecycle: Record<DossierStatus, Transition[]> = {
  draft: [{ to: 'pre_eligibility_pending', by: ['client'] }, cancel],
  pre_eligibility_pending: [{ to: 'pre_eligibility_review', by: ['client'] }, cancel],
  pre_eligibility_review: [
    { to: 'eligible', by: [] },
    { to: 'not_eligible', by: [], requires: 'reason' },
    cancel,
  ],
  eligible: [{ to: 'expert_pending', by: ['client'], requires: 'expert', via: 'expertRequest' }, cancel],
  expert_pending: [
    { to: 'expert_assigned', by: ['expert'] },
    { to: 'eligible', by: ['expert'], requires: 'reason' },
    cancel,
  ],
  expert_assigned: [{ to: 'documents_pending', by: ['client'] }, cancel],
  documents_pending: [{ to: 'audit_in_progress', by: ['expert'] }, cancel],
  audit_in_progress: [{ to: 'audit_proposed', by: ['expert'], requires: 'auditedAmount' }, cancel],
  audit_proposed: [
    { to: 'submitted', by: ['client'] },
    { to: 'audit_in_progress', by: ['client'], requires: 'reason' },
    cancel,
  ],
  submitted: [{ to: 'administration_decided', by: ['expert'], requires: 'grantedAmount' }],
  administration_decided: [
    { to: 'refunded', by: ['expert'], requires: 'obtainedAmount' },
    { to: 'refused', by: ['expert'], requires: 'reason' },
  ],
  refunded: [{ to: 'closed', by: ['expert'] }],
  closed: [],
  not_eligible: [],
  refused: [],
  cancelled: [],
};

export function findTransition(from: DossierStatus, to: DossierStatus): Transition | undefined {
  return lifecycle[from].find((t) => t.to === to);
}

export function allowedTransitions(from: DossierStatus, role: Role): Transition[] {
  return lifecycle[from].filter((t) => role === 'admin' || t.by.includes(role));
}

export const mainPath: readonly DossierStatus[] = mainPathStatuses;

/** The statuses of the main path from `from` to `to`, both included. */
export function statusesBetween(from: DossierStatus, to: DossierStatus): DossierStatus[] {
  return mainPath.slice(mainPath.indexOf(from), mainPath.indexOf(to) + 1);
}

export function progressPercent(status: DossierStatus): number {
  if (status === 'closed' || status === 'refused' || status === 'not_eligible') return 100;
  const i = mainPath.indexOf(status);
  return i < 0 ? 0 : Math.round((i / (mainPath.length - 1)) * 100);
}

/** An expert has worked a dossier once it reached this status (or any later one of the main path) with them. */
export const reviewableAfter: DossierStatus = 'audit_in_progress';

/** What `expertReviewable` reads of a dossier's detail. */
type ReviewableDossier = {
  status: DossierStatus;
  expert: unknown;
  timeline: readonly { type: string; toStatus: DossierStatus | null }[];
};

/**
 * Whether the dossier's client may review its expert: the dossier is over (a closing status) and, since that
 * expert was last chosen or assigned, it reached `reviewableAfter`. An expert attached to a dossier cancelled
 * before the work started is not reviewable.
 */
export function expertReviewable(dossier: ReviewableDossier): boolean {
  if (!dossier.expert || !closingStatuses.includes(dossier.status)) return false;
  const threshold = mainPath.indexOf(reviewableAfter);
  let worked = false;
  for (const event of dossier.timeline) {
    // Either event puts a new expert on the dossier: what happened before was someone else's work.
    if (event.type === 'expert_reassigned' || event.toStatus === 'expert_pending') worked = false;
    else if (event.toStatus && mainPath.indexOf(event.toStatus) >= threshold) worked = true;
  }
  return worked;
}

/** Statuses from which an admin may (re)assign an expert. */
export const assignableStatuses: readonly DossierStatus[] = statusesBetween(
  'eligible',
  'administration_decided',
);
