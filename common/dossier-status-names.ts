/**
 * The dossier statuses as people read them, French and English: the web client's texts and the notifications' both
 * use these (no zod: the client's first page loads them).
 */
import type { DossierStatus } from './dossier-lifecycle.ts';

export const dossierStatusNamesFr: Record<DossierStatus, string> = {
  draft: 'Brouillon',
  pre_eligibility_pending: 'Pré-éligibilité à compléter',
  pre_eligibility_review: 'En vérification',
  eligible: 'Éligible',
  expert_pending: 'En attente de l’expert',
  expert_assigned: 'Expert assigné',
  documents_pending: 'Documents à fournir',
  audit_in_progress: 'Audit en cours',
  audit_proposed: 'Audit proposé',
  submitted: 'Déposé à l’administration',
  administration_decided: 'Décision rendue',
  refunded: 'Remboursé',
  closed: 'Clôturé',
  not_eligible: 'Non éligible',
  refused: 'Refusé',
  cancelled: 'Annulé',
};

export const dossierStatusNamesEn: Record<DossierStatus, string> = {
  draft: 'Draft',
  pre_eligibility_pending: 'Pre-eligibility to complete',
  pre_eligibility_review: 'Under review',
  eligible: 'Eligible',
  expert_pending: 'Waiting for the expert',
  expert_assigned: 'Expert assigned',
  documents_pending: 'Documents needed',
  audit_in_progress: 'Audit in progress',
  audit_proposed: 'Audit proposed',
  submitted: 'Filed with the administration',
  administration_decided: 'Decision received',
  refunded: 'Refunded',
  closed: 'Closed',
  not_eligible: 'Not eligible',
  refused: 'Refused',
  cancelled: 'Cancelled',
};
