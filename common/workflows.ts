import { z } from 'zod';
import type { DocumentCategory } from './document-categories.ts';
import { dossierStatuses } from './dossier-lifecycle.ts';
import { type Answers, type Expr, evaluate, expr, localizedText } from './products.ts';
import { roles } from './roles.ts';
import {
  bannerKinds,
  pauseReasons,
  slaUnits,
  stepStates,
  workflowTimelineEvents,
} from './workflow-constants.ts';

// The values as data live apart from the schemas, for the web client (no zod there).
export * from './workflow-constants.ts';

/**
 * Workflows: a versioned template per product lists the steps of a dossier. Each step belongs to one lifecycle
 * status (common/dossier-lifecycle.ts): the status stays the coarse state, the steps are the work inside it, and
 * completing the last step of a status takes the lifecycle's edge to the next one. Docs: docs/domain.md, Workflows.
 */

/** Why the workflows module refuses a request (templates, steps, alerts). */
export const workflowErrorCodes = [
  // Templates that cannot be completed (details.step names the step at fault).
  'WORKFLOW_UNKNOWN_CATEGORY',
  'WORKFLOW_DUPLICATE_STEP',
  'WORKFLOW_LOOP',
  'WORKFLOW_STATUS_UNCOVERED',
  'WORKFLOW_ROLE_MISMATCH',
  'WORKFLOW_INVALID_ACTION',
  'WORKFLOW_VERSION_NOT_FOUND',
  // Steps.
  'STEP_NOT_ACTIVE',
  'STEP_DOCUMENTS_MISSING',
  'STEP_VALIDATION_REQUIRED',
  'STEP_SIGNATURE_REQUIRED',
  'STEP_ALREADY_SIGNED',
  'STEP_NOT_SIGNABLE',
  'WORKFLOW_STEPS_PENDING',
  // Alerts.
  'ALERT_ALREADY_RESOLVED',
  'SNOOZE_IN_PAST',
] as const;

export const actingRoles = roles;
export type ActingRole = (typeof actingRoles)[number];

/** How long a step may take (units: common/workflow-constants.ts). */
export const slaSpec = z.object({
  amount: z.number().int().min(1).max(1000),
  unit: z.enum(slaUnits),
});
export type SlaSpec = z.infer<typeof slaSpec>;

/** A catalogue category; any code passes here so that template-rules.ts refuses an unknown one with its code. */
const categoryCode = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/) as unknown as z.ZodType<DocumentCategory>;

/** What the engine does when a dossier enters the step, in the same transaction (assignment: just after). */
export const stepAction = z.discriminatedUnion('type', [
  /** `ask`: the best available expert receives an expert request; `assign`: becomes the dossier's expert. */
  z.object({ type: z.literal('assign_expert'), mode: z.enum(['ask', 'assign']) }),
  z.object({
    type: z.literal('notify'),
    roles: z.array(z.enum(roles)).min(1).max(3),
    message: localizedText,
  }),
  z.object({
    type: z.literal('request_documents'),
    categories: z.array(categoryCode).min(1).max(20),
    dueInDays: z.number().int().min(1).max(90),
  }),
  z.object({
    type: z.literal('create_reminder'),
    role: z.enum(roles),
    afterDays: z.number().int().min(1).max(90),
    message: localizedText,
  }),
]);
export type StepAction = z.infer<typeof stepAction>;

export const stepKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Clé d’étape invalide (a-z, 0-9, _)');

export const workflowStep = z.object({
  key: stepKey,
  name: localizedText,
  /** Who does the work of the step. */
  role: z.enum(roles),
  status: z.enum(dossierStatuses),
  /** Categories that must have an approved document before the step completes. */
  requiredDocuments: z.array(categoryCode).max(20).default([]),
  /** Who validates the acting party's work before the step completes (null: completing it is enough). */
  validation: z.enum(['expert', 'admin']).nullable().default(null),
  sla: slaSpec.nullable().default(null),
  actions: z.array(stepAction).max(10).default([]),
  /** The step is skipped when this is true for the dossier (simulation answers, `estimatedCents`, `auditedCents`…). */
  skipIf: expr.optional(),
  /** The client signs the current document of this category (the expert's engagement letter). */
  signature: z.object({ documentCategory: categoryCode }).nullable().default(null),
});
export type WorkflowStep = z.infer<typeof workflowStep>;
export type WorkflowStepInput = z.input<typeof workflowStep>;

export const workflowSteps = z.array(workflowStep).min(1).max(60);

/** What a step's `skipIf` reads: the dossier's simulation answers and its amounts. */
export type StepContext = Answers & {
  estimatedCents?: number;
  auditedCents?: number;
  grantedCents?: number;
};

/** Whether a step applies to a dossier (its `skipIf` is absent or false). */
export function stepApplies(step: { skipIf?: Expr }, context: StepContext): boolean {
  return step.skipIf === undefined || !evaluate(step.skipIf, context);
}

// ── Templates (admin) ──────────────────────────────────────────────────────────────────────────────────────────

export const workflowTemplate = z.object({
  id: z.string().uuid(),
  productCode: z.string(),
  version: z.number().int(),
  steps: workflowSteps,
  note: z.string().nullable(),
  createdBy: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type WorkflowTemplate = z.infer<typeof workflowTemplate>;

export const workflowTemplateSummary = z.object({
  productCode: z.string(),
  productName: z.string(),
  currentVersion: z.number().int(),
  stepCount: z.number().int(),
  updatedAt: z.string(),
  /** Dossiers still open on an older version than the current one. */
  dossiersOnOlderVersions: z.number().int(),
});

export const workflowTemplateVersions = z.object({
  productCode: z.string(),
  current: workflowTemplate,
  versions: z.array(
    z.object({
      version: z.number().int(),
      note: z.string().nullable(),
      createdBy: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
      createdAt: z.string(),
      openDossiers: z.number().int(),
    }),
  ),
});

export const newTemplateVersionInput = z.object({
  steps: workflowSteps,
  note: z.string().trim().max(500).optional(),
});

export const productCodeParams = z.object({ productCode: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/) });
export const templateVersionParams = productCodeParams.extend({ version: z.coerce.number().int().min(1) });

export const templateDiffQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});
export const templateDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  added: z.array(z.object({ key: z.string(), name: localizedText, position: z.number().int() })),
  removed: z.array(z.object({ key: z.string(), name: localizedText, position: z.number().int() })),
  /** Steps in both versions whose settings changed: the fields that differ. */
  changed: z.array(z.object({ key: z.string(), name: localizedText, fields: z.array(z.string()) })),
  moved: z.array(z.object({ key: z.string(), from: z.number().int(), to: z.number().int() })),
});
export type TemplateDiff = z.infer<typeof templateDiff>;

/** A dossier's path through a template: a version (or unsaved steps) and a dossier (or answers and amounts). */
export const templatePreviewInput = z.object({
  steps: workflowSteps.optional(),
  version: z.number().int().min(1).optional(),
  dossierId: z.string().uuid().optional(),
  answers: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).optional(),
});
export const templatePreview = z.object({
  steps: z.array(
    z.object({
      key: z.string(),
      name: localizedText,
      role: z.enum(roles),
      status: z.enum(dossierStatuses),
      applies: z.boolean(),
      /** The dossier's step at the time of the preview (a dossier was given). */
      current: z.boolean(),
    }),
  ),
});

/** Moving open dossiers to another version of their template; `dryRun` answers the preview without writing. */
export const templateMigrationInput = z.object({
  toVersion: z.number().int().min(1),
  dossierIds: z.array(z.string().uuid()).min(1).max(1000).optional(),
  dryRun: z.boolean().default(true),
});
export const templateMigration = z.object({
  toVersion: z.number().int(),
  applied: z.boolean(),
  dossiers: z.array(
    z.object({
      dossierId: z.string().uuid(),
      reference: z.string(),
      fromVersion: z.number().int(),
      fromStep: z.object({ key: z.string(), name: localizedText }).nullable(),
      toStep: z.object({ key: z.string(), name: localizedText }).nullable(),
    }),
  ),
});

// ── A dossier's workflow ───────────────────────────────────────────────────────────────────────────────────────

const person = z.object({ id: z.string().uuid(), name: z.string(), role: z.enum(roles) });

/** One template step as a dossier lives it: `upcoming` for the steps not reached yet. */
export const stepProgress = z.object({
  key: z.string(),
  name: localizedText,
  role: z.enum(roles),
  status: z.enum(dossierStatuses),
  state: z.enum([...stepStates, 'upcoming']),
  /** False when its condition skips it for this dossier. */
  applies: z.boolean(),
  stepId: z.string().uuid().nullable(),
  enteredAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  completedBy: person.nullable(),
  sla: slaSpec.nullable(),
  dueAt: z.string().nullable(),
  pausedMs: z.number().int(),
  pausedSince: z.string().nullable(),
  pauseReason: z.enum(pauseReasons).nullable(),
  requiredDocuments: z.array(z.string()),
  validation: z.enum(['expert', 'admin']).nullable(),
  signature: z
    .object({
      documentCategory: z.string(),
      signedAt: z.string().nullable(),
      signerName: z.string().nullable(),
    })
    .nullable(),
  /** What still keeps the open step from completing. */
  missing: z.object({
    documents: z.array(z.string()),
    validation: z.boolean(),
    signature: z.boolean(),
  }),
});
export type StepProgress = z.infer<typeof stepProgress>;

export const workflowProgress = z.object({
  dossierId: z.string().uuid(),
  template: z.object({
    id: z.string().uuid(),
    productCode: z.string(),
    version: z.number().int(),
    latestVersion: z.number().int(),
  }),
  percent: z.number().int().min(0).max(100),
  currentStepId: z.string().uuid().nullable(),
  /** Who must act now (null once the dossier is closed). */
  whoActs: z.enum(roles).nullable(),
  dueAt: z.string().nullable(),
  steps: z.array(stepProgress),
  /** Working time (wall clock, pauses excluded) each party held the dossier's steps. */
  timeByParty: z.object({ client: z.number().int(), expert: z.number().int(), admin: z.number().int() }),
  pausedMs: z.number().int(),
  timeline: z.array(
    z.object({
      event: z.enum(workflowTimelineEvents),
      stepKey: z.string(),
      stepName: localizedText,
      actor: person.nullable(),
      note: z.string().nullable(),
      at: z.string(),
    }),
  ),
  /** Contextual warnings for the dossier page ("3 documents attendus du client depuis 6 jours"). */
  banners: z.array(
    z.object({
      kind: z.enum(bannerKinds),
      count: z.number().int().nullable(),
      since: z.string().nullable(),
      dueAt: z.string().nullable(),
    }),
  ),
});
export type WorkflowProgress = z.infer<typeof workflowProgress>;

export const stepParams = z.object({ id: z.string().uuid(), stepId: z.string().uuid() });

/** What completing or validating a step did: the step's state, the dossier's open step and status after it. */
export const stepOutcome = z.object({
  dossierId: z.string().uuid(),
  stepId: z.string().uuid(),
  state: z.enum(stepStates),
  currentStepId: z.string().uuid().nullable(),
  status: z.enum(dossierStatuses),
});
export type StepOutcome = z.infer<typeof stepOutcome>;

/** Completing a step; amounts, reference and reason go to the lifecycle edge when the step ends its status. */
export const completeStepInput = z.object({
  note: z.string().trim().max(2000).optional(),
  amountCents: z.number().int().min(0).max(1e13).optional(),
  reference: z.string().trim().min(1).max(120).optional(),
  reason: z.string().trim().min(3).max(2000).optional(),
});
export type CompleteStepInput = z.infer<typeof completeStepInput>;

export const validateStepInput = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), note: z.string().trim().max(2000).optional() }),
  z.object({ decision: z.literal('send_back'), reason: z.string().trim().min(3).max(2000) }),
]);

export const signStepInput = z.object({
  /** The signer's full name, typed. */
  signerName: z.string().trim().min(3).max(120),
  /** The signer ticked "I have read and accept". */
  accept: z.literal(true),
});
export const stepSignature = z.object({
  id: z.string().uuid(),
  stepId: z.string().uuid(),
  signerName: z.string(),
  signedAt: z.string(),
  documentSha256: z.string(),
  ip: z.string().nullable(),
  certificateUrl: z.string(),
});

/** Real-time: a dossier's workflow moved. */
export type WorkflowChanged = { dossierId: string; stepKey: string | null; at: string };
