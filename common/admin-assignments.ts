import { z } from 'zod';
import { expertLoadSorts, loadStates } from './admin-assignment-sorts.ts';
import { pageQuery } from './pagination.ts';
import { regions } from './reference.ts';

export * from './admin-assignment-sorts.ts';

/**
 * Assignment monitoring (`/api/admin/assignments/*`): the eligible dossiers no expert was asked for yet, the expert
 * requests awaiting an answer, and the experts' load against their capacity. Reassigning goes through
 * `POST /api/admin/dossiers/:id/assign` with a reason (`assignExpertInput` in common/dossiers.ts).
 */

const product = z.object({ code: z.string(), name: z.string() });
const company = z.object({ id: z.string().uuid(), name: z.string(), region: z.string() });
const person = z.object({ id: z.string().uuid(), firstName: z.string(), lastName: z.string() });

/** An eligible dossier without an expert nor an open request, waiting since it became eligible. */
export const unassignedDossier = z.object({
  id: z.string().uuid(),
  reference: z.string(),
  product,
  company,
  estimatedCents: z.number().int().nullable(),
  eligibleSince: z.string(),
  /** Minutes since `eligibleSince`, by the server's clock. */
  ageMinutes: z.number().int(),
});
export type UnassignedDossier = z.infer<typeof unassignedDossier>;

/** An expert request awaiting the expert's answer. */
export const pendingExpertRequest = z.object({
  id: z.string().uuid(),
  dossier: z.object({ id: z.string().uuid(), reference: z.string(), product }),
  company,
  expert: person,
  requestedAt: z.string(),
  ageMinutes: z.number().int(),
  /** `requestedAt` + `expertAnswerHours`. */
  deadline: z.string(),
  late: z.boolean(),
});
export type PendingExpertRequest = z.infer<typeof pendingExpertRequest>;

export const expertLoad = person.extend({
  email: z.string(),
  specialties: z.array(z.string()),
  regions: z.array(z.string()),
  /** Dossiers under way (from `expert_assigned` to `administration_decided`). */
  activeLoad: z.number().int(),
  capacity: z.number().int(),
  state: z.enum(loadStates),
});
export type ExpertLoad = z.infer<typeof expertLoad>;

export const expertLoadQuery = pageQuery.extend({
  sort: z.enum(expertLoadSorts).default('load_desc'),
  /** Experts who handle this product. */
  product: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'Code de produit invalide')
    .optional(),
  /** Experts who work in this region. */
  region: z.enum(regions).optional(),
});
export type ExpertLoadQuery = z.input<typeof expertLoadQuery>;
