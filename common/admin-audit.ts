import { z } from 'zod';
import { roles } from './roles.ts';
import { searchText } from './text.ts';

/**
 * The admins' audit log (`GET /api/admin/audit`, its CSV export and its filter choices) and their "à traiter" centre
 * (`GET /api/admin/attention`). Days are Paris days, `from`..`to` both included.
 */

export const auditErrorCodes = [
  /** The period ends before it starts. */
  'AUDIT_PERIOD_INVALID',
  /** An entity id means nothing without its type (a user, a dossier…). */
  'AUDIT_ENTITY_TYPE_REQUIRED',
] as const;

const code = z
  .string()
  .trim()
  .regex(/^[a-z][a-z_.]{0,63}$/);

/** The filters of the log and of its export. */
export const auditFilters = z.object({
  actorId: z.uuid().optional(),
  action: code.optional(),
  entityType: code.optional(),
  entityId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type AuditFilters = z.infer<typeof auditFilters>;

/** The export's query: the filters alone (a page size or a cursor there is a mistake, refused rather than ignored). */
export const auditExportQuery = auditFilters.strict();

export const auditListQuery = auditFilters.extend({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type AuditListQuery = z.input<typeof auditListQuery>;

export const auditActor = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(roles),
});
export type AuditActor = z.infer<typeof auditActor>;

export const auditEntry = z.object({
  id: z.uuid(),
  /** Null: the platform itself (a job, a sweep). */
  actor: auditActor.nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.uuid(),
  /** What the entity is called when it is a user (their name) or a dossier (its reference). */
  entityLabel: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** The choices of the filters, read from the log itself. */
export const auditFacets = z.object({
  actions: z.array(z.string()),
  entityTypes: z.array(z.string()),
});
export type AuditFacets = z.infer<typeof auditFacets>;

/** The people who appear in the log as actors, found by name or e-mail. */
export const auditActorQuery = z.object({ q: searchText({ min: 1, max: 100 }) });

/** What needs an admin now, in the order the centre shows it. */
export const attentionKinds = [
  'experts_pending',
  'sla_breached',
  'emails_failed',
  'dossiers_unassigned',
  'join_requests_pending',
] as const;
export type AttentionKind = (typeof attentionKinds)[number];

export const attentionItem = z.object({
  id: z.uuid(),
  /** Who or what it is: a name, a dossier reference, an e-mail's subject. */
  label: z.string(),
  /** A second line: an e-mail address, a company, a product. */
  detail: z.string().nullable(),
  /** Since when it waits. */
  since: z.string(),
  /** Where the admin handles it. */
  link: z.string(),
});
export type AttentionItem = z.infer<typeof attentionItem>;

export const attentionGroup = z.object({
  kind: z.enum(attentionKinds),
  count: z.number().int().nonnegative(),
  /** Since when the oldest one waits; null when there is none. */
  oldestSince: z.string().nullable(),
  /** The oldest few. */
  items: z.array(attentionItem),
  /** The page where they are handled. */
  link: z.string(),
});
export type AttentionGroup = z.infer<typeof attentionGroup>;

export const attention = z.object({ total: z.number().int().nonnegative(), groups: z.array(attentionGroup) });
export type Attention = z.infer<typeof attention>;

export const attentionCount = z.object({ total: z.number().int().nonnegative() });
export type AttentionCount = z.infer<typeof attentionCount>;
