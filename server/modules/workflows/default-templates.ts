import type { DocumentCategory } from '../../../common/document-categories.ts';
import { isDocumentCategory } from '../../../common/document-categories.ts';
import type { DossierStatus } from '../../../common/dossier-lifecycle.ts';
import type { LocalizedText } from '../../../common/products.ts';
import type { StepAction, WorkflowStep } from '../../../common/workflows.ts';

/** What the default template reads of a product: its required document categories. */
export type TemplateProduct = { code: string; documentCategories: readonly string[] };

/** The days a client has to hand over the product's documents once the expert asks for them. */
const DOCUMENTS_DUE_DAYS = 14;

type StepSeed = Omit<WorkflowStep, 'requiredDocuments' | 'actions'> & {
  requiredDocuments?: DocumentCategory[];
  actions?: StepAction[];
};

const text = (fr: string, en: string): LocalizedText => ({ fr, en });

const step = (
  status: DossierStatus,
  key: string,
  name: LocalizedText,
  role: WorkflowStep['role'],
  extra: Partial<StepSeed> = {},
): StepSeed => ({ key, name, role, status, validation: null, sla: null, signature: null, ...extra });

/**
 * The steps of every status of the main path, from docs/domain.md (the lifecycle's "who acts next", the SLAs, the
 * documents): the same for every product except the documents the product requires. The last step of each status is
 * done by a role the lifecycle edge to the next status allows (its validator's role when it has one): the engine
 * takes that edge when it completes.
 */
function stepsFor(categories: DocumentCategory[]): StepSeed[] {
  return [
    step('draft', 'confirm_dossier', text('Confirmer le dossier', 'Confirm the case'), 'client'),
    step(
      'pre_eligibility_pending',
      'pre_eligibility_documents',
      text('Rassembler les pièces de pré-éligibilité', 'Gather the pre-eligibility documents'),
      'client',
      {
        actions: [
          {
            type: 'create_reminder',
            role: 'client',
            afterDays: 3,
            message: text(
              'Votre dossier attend vos pièces de pré-éligibilité.',
              'Your case is waiting for your pre-eligibility documents.',
            ),
          },
        ],
      },
    ),
    step(
      'pre_eligibility_review',
      'eligibility_review',
      text('Vérifier l’éligibilité', 'Check eligibility'),
      'admin',
      {
        sla: { amount: 12, unit: 'business_hours' },
        actions: [
          {
            type: 'notify',
            roles: ['admin'],
            message: text(
              'Un dossier attend la revue de pré-éligibilité.',
              'A case awaits its eligibility review.',
            ),
          },
        ],
      },
    ),
    // Taken through an expert request only: the client's request completes this step.
    // Taken through an expert request only: the client's request completes this step. No notice of its own: the
    // client is told of the status change that opens it.
    step('eligible', 'choose_expert', text('Choisir un expert', 'Choose an expert'), 'client'),
    step('expert_pending', 'expert_answer', text('Réponse de l’expert', 'Expert’s answer'), 'expert', {
      sla: { amount: 48, unit: 'hours' },
    }),
    step(
      'expert_assigned',
      'engagement_letter_upload',
      text('Déposer la lettre de mission', 'Upload the engagement letter'),
      'expert',
      { sla: { amount: 2, unit: 'business_days' } },
    ),
    step(
      'expert_assigned',
      'engagement_letter_signature',
      text('Signer la lettre de mission', 'Sign the engagement letter'),
      'client',
      { sla: { amount: 5, unit: 'days' }, signature: { documentCategory: 'engagement_letter' } },
    ),
    step(
      'documents_pending',
      'supporting_documents',
      text('Fournir les pièces justificatives', 'Provide the supporting documents'),
      'client',
      {
        requiredDocuments: categories,
        validation: 'expert',
        sla: { amount: DOCUMENTS_DUE_DAYS, unit: 'days' },
        actions: [{ type: 'request_documents', categories, dueInDays: DOCUMENTS_DUE_DAYS }],
      },
    ),
    step('audit_in_progress', 'audit', text('Réaliser l’audit', 'Carry out the audit'), 'expert', {
      sla: { amount: 5, unit: 'business_days' },
    }),
    step(
      'audit_proposed',
      'audit_acceptance',
      text('Accepter le montant audité', 'Accept the audited amount'),
      'client',
      { sla: { amount: 7, unit: 'days' } },
    ),
    step('submitted', 'claim_filing', text('Déposer la réclamation', 'File the claim'), 'expert', {
      sla: { amount: 5, unit: 'business_days' },
    }),
    step(
      'submitted',
      'administration_decision',
      text('Enregistrer la décision de l’administration', 'Record the administration’s decision'),
      'expert',
    ),
    step(
      'administration_decided',
      'refund_receipt',
      text('Constater le remboursement', 'Record the refund'),
      'expert',
    ),
    step('refunded', 'closing', text('Clore le dossier', 'Close the case'), 'expert', {
      sla: { amount: 10, unit: 'business_days' },
    }),
  ];
}

/** The default template of a product (its version 1): every status of the main path, the product's documents. */
export function defaultTemplate(product: TemplateProduct): WorkflowStep[] {
  const categories = product.documentCategories.filter(isDocumentCategory);
  const documents = categories.length > 0 ? categories : (['other'] as DocumentCategory[]);
  return stepsFor(documents).map((s) => ({
    ...s,
    requiredDocuments: s.requiredDocuments ?? [],
    actions: s.actions ?? [],
  }));
}
