import { z } from 'zod';
import { adminUserSorts } from './admin-user-sorts.ts';
import { languages, regions } from './reference.ts';
import { searchText } from './text.ts';
import { company, productCode, roles, userStatuses } from './users.ts';

export { type AdminUserSort, adminUserSorts } from './admin-user-sorts.ts';

const parisDay = z.iso.date();

/**
 * The admins' users list. `q` finds every word typed as the start of a word of the name, e-mail, company name or
 * SIREN, accents ignored. `region`: a client's company region, or one of an expert's regions. `product`: an expert's
 * specialty, or a product a client's company has a dossier of. `createdFrom`/`createdTo`: Paris days, both included.
 * The cursor belongs to the sort it was given with.
 */
const userFilterFields = z.object({
  role: z.enum(roles).optional(),
  status: z.enum(userStatuses).optional(),
  region: z.enum(regions).optional(),
  product: productCode.optional(),
  createdFrom: parisDay.optional(),
  createdTo: parisDay.optional(),
  q: searchText({ max: 100 }).optional(),
  sort: z.enum(adminUserSorts).default('newest'),
});
const periodInOrder = (q: { createdFrom?: string; createdTo?: string }) =>
  !q.createdFrom || !q.createdTo || q.createdFrom <= q.createdTo;
const periodError = { path: ['createdTo'], message: 'La fin de la période précède son début' };

/** The list's filters and order, without its paging (its export). */
export const adminUserFilterQuery = userFilterFields.refine(periodInOrder, periodError);

export const adminUserListQuery = userFilterFields
  .extend({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(1200).optional(),
  })
  .refine(periodInOrder, periodError);
export type AdminUserListQuery = z.output<typeof adminUserListQuery>;
/** The list's filters as the page keeps them in its URL. */
export type AdminUserFilters = Omit<z.input<typeof adminUserListQuery>, 'cursor' | 'limit'>;

export const adminUser = z.object({
  id: z.string().uuid(),
  email: z.string(),
  role: z.enum(roles),
  status: z.enum(userStatuses),
  firstName: z.string(),
  lastName: z.string(),
  companyName: z.string().nullable(),
  specialties: z.array(z.string()).nullable(),
  emailVerified: z.boolean(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUser>;

export const adminExpertProfile = z.object({
  specialties: z.array(z.string()),
  regions: z.array(z.enum(regions)),
  languages: z.array(z.enum(languages)),
  headline: z.string(),
  city: z.string(),
  capacity: z.number().int(),
  activeLoad: z.number().int(),
  verified: z.boolean(),
});

/** A signed-in session (refresh family) that is still usable, and the device it was opened from. */
export const adminUserSession = z.object({
  id: z.string().uuid(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  startedAt: z.string(),
  /** Its last renewal. */
  lastUsedAt: z.string(),
  expiresAt: z.string(),
});
export type AdminUserSession = z.infer<typeof adminUserSession>;

export const adminUserDetail = z.object({
  user: adminUser.extend({ statusReason: z.string().nullable(), locale: z.enum(['fr', 'en']) }),
  company: company.nullable(),
  expertProfile: adminExpertProfile.nullable(),
  activity: z.object({
    lastSignInAt: z.string().nullable(),
    /** When their last live connection closed (null while they never had one). */
    lastSeenAt: z.string().nullable(),
    /** A client's: their company's; an expert's: those assigned to them. */
    dossiers: z.number().int(),
    openDossiers: z.number().int(),
    messagesSent: z.number().int(),
  }),
  sessions: z.array(adminUserSession),
});
export type AdminUserDetail = z.infer<typeof adminUserDetail>;

/** An audit row where the user is the actor or the subject. */
export const adminUserAuditEntry = z.object({
  id: z.string().uuid(),
  action: z.string(),
  actorId: z.string().uuid().nullable(),
  actorName: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string().uuid(),
  before: z.unknown(),
  after: z.unknown(),
  createdAt: z.string(),
});
export type AdminUserAuditEntry = z.infer<typeof adminUserAuditEntry>;

/** The answer to a forced password reset: sessions ended, link on its way. */
export const forcedPasswordReset = z.object({
  sessionsRevoked: z.literal(true),
  emailQueued: z.literal(true),
});
