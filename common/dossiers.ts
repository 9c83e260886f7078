import { z } from 'zod';
import { dossierStatuses } from './dossier-lifecycle.ts';
import { regions } from './reference.ts';
import { searchText } from './text.ts';

export * from './dossier-lifecycle.ts';

/** Why the dossiers module refuses a request (with `common/errors.ts` for the generic ones). */
export const dossierErrorCodes = [
  'DOSSIER_ALREADY_OPEN',
  'INVALID_TRANSITION',
  'EXPERT_REQUEST_REQUIRED',
  'EXPERT_REQUIRED',
  'AUDITED_AMOUNT_REQUIRED',
  'GRANTED_AMOUNT_REQUIRED',
  'OBTAINED_AMOUNT_REQUIRED',
] as const;

const cents = z.number().int().min(0).max(1e13);

export const transitionInput = z.object({
  to: z.enum(dossierStatuses),
  reason: z.string().trim().min(3).max(2000).optional(),
  amountCents: cents.optional(),
  reference: z.string().trim().min(1).max(120).optional(),
  expertId: z.string().uuid().optional(),
});
export type TransitionInput = z.infer<typeof transitionInput>;

export const dossierExpert = z.object({ id: z.string().uuid(), firstName: z.string(), lastName: z.string() });

export const dossier = z.object({
  id: z.string().uuid(),
  reference: z.string(),
  status: z.enum(dossierStatuses),
  progress: z.number().int(),
  product: z.object({ code: z.string(), name: z.string() }),
  company: z.object({ id: z.string().uuid(), name: z.string(), region: z.string() }),
  expert: dossierExpert.nullable(),
  estimatedCents: z.number().int().nullable(),
  auditedCents: z.number().int().nullable(),
  grantedCents: z.number().int().nullable(),
  obtainedCents: z.number().int().nullable(),
  administrationReference: z.string().nullable(),
  statusChangedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Dossier = z.infer<typeof dossier>;

export const dossierEvent = z.object({
  id: z.string().uuid(),
  type: z.string(),
  fromStatus: z.enum(dossierStatuses).nullable(),
  toStatus: z.enum(dossierStatuses).nullable(),
  note: z.string().nullable(),
  actor: z.object({ id: z.string().uuid(), name: z.string(), role: z.string() }).nullable(),
  createdAt: z.string(),
});
export type DossierEvent = z.infer<typeof dossierEvent>;

export const dossierDetail = dossier.extend({
  timeline: z.array(dossierEvent),
  allowedTransitions: z.array(z.object({ to: z.enum(dossierStatuses), requires: z.string().nullable() })),
});
export type DossierDetail = z.infer<typeof dossierDetail>;

export const dossierListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    status: z
      .union([z.enum(dossierStatuses), z.array(z.enum(dossierStatuses))])
      .transform((s) => (Array.isArray(s) ? s : [s]))
      .optional(),
    product: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,32}$/, 'Code de produit invalide')
      .optional(),
    expertId: z.string().uuid().optional(),
    companyId: z.string().uuid().optional(),
    q: searchText({ max: 100 }).optional(),
    /** The company's region. */
    region: z.enum(regions).optional(),
    /** Opened (created) from this Paris day to that one, both included. */
    openedFrom: z.iso.date().optional(),
    openedTo: z.iso.date().optional(),
    /** `1`: only the dossiers without an expert. */
    unassigned: z.literal('1').optional(),
  })
  .refine((q) => !q.openedFrom || !q.openedTo || q.openedFrom <= q.openedTo, {
    path: ['openedTo'],
    message: 'La fin de la période précède son début',
  });
export type DossierListQuery = z.input<typeof dossierListQuery>;

export const createDossierInput = z.object({
  productCode: z.string().max(32),
  estimatedCents: cents.optional(),
});

export const assignExpertInput = z.object({
  expertId: z.string().uuid(),
  /** Why the expert of a dossier under way is replaced: required then, told to the people of the dossier. */
  reason: z.string().trim().min(3).max(2000).optional(),
});

/** Counts and amounts of the dossiers a user can see. */
export const dossierSummary = z.object({
  byStatus: z.partialRecord(z.enum(dossierStatuses), z.number().int()),
  total: z.number().int(),
  estimatedCents: z.number().int(),
  obtainedCents: z.number().int(),
});

/** Real-time: a dossier changed status, or expert (then `status` is null). */
export type DossierUpdated = {
  dossierId: string;
  status: string | null;
  previousStatus: string | null;
  at: string;
};
