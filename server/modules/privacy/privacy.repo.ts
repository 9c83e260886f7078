import type { Executor } from '../../db/pool.ts';

/** Whose data is read: the person, and for a client the company they belong to. */
export type Owner = { userId: string; companyId: string | null };

/**
 * Reads of a person's own records for their data export: their account, company, expert profile, simulations,
 * dossiers and the files they uploaded (their activity is in privacy-activity.repo.ts). A read model over the
 * other modules' tables, like the audit log's: it selects columns one by one, so that a secret (password or token
 * hash, push keys) or another person's contact details can never slip in with a new column.
 */
export const privacyRepo = {
  account: (db: Executor, userId: string) =>
    db
      .selectFrom('users as u')
      .leftJoin('userPresence as p', 'p.userId', 'u.id')
      .select([
        'u.id',
        'u.email',
        'u.role',
        'u.status',
        'u.statusReason',
        'u.firstName',
        'u.lastName',
        'u.locale',
        'u.timeZone',
        'u.emailVerifiedAt',
        'u.createdAt',
        'u.updatedAt',
        'p.lastSeenAt',
      ])
      .where('u.id', '=', userId)
      .executeTakeFirstOrThrow(),

  company: (db: Executor, companyId: string) =>
    db
      .selectFrom('companies')
      .select(['id', 'name', 'siren', 'sector', 'size', 'region', 'createdAt'])
      .where('id', '=', companyId)
      .executeTakeFirst(),

  joinRequests: (db: Executor, userId: string) =>
    db
      .selectFrom('companyJoinRequests as r')
      .innerJoin('companies as c', 'c.id', 'r.companyId')
      .select(['c.name as companyName', 'c.siren', 'r.status', 'r.reason', 'r.createdAt', 'r.decidedAt'])
      .where('r.userId', '=', userId)
      .orderBy('r.createdAt')
      .execute(),

  expertProfile: (db: Executor, userId: string) =>
    db
      .selectFrom('expertProfiles')
      .select([
        'headline',
        'bio',
        'specialties',
        'regions',
        'languages',
        'city',
        'department',
        'avatarUrl',
        'certifications',
        'yearsExperience',
        'yearsByProduct',
        'feeModel',
        'commissionPercent',
        'dayRateCents',
        'capacity',
        'verified',
        'verifiedAt',
        'reviewCount',
        'ratingAvg',
        'createdAt',
        'updatedAt',
      ])
      .where('userId', '=', userId)
      .executeTakeFirst(),

  simulations: (db: Executor, userId: string) =>
    db
      .selectFrom('simulations')
      .select(['id', 'answers', 'results', 'totalEstimatedCents', 'createdAt'])
      .where('userId', '=', userId)
      .orderBy('createdAt')
      .execute(),

  /** A client's company's dossiers, an expert's assigned ones, and any the person opened. */
  dossiers: (db: Executor, o: Owner) =>
    db
      .selectFrom('dossiers as d')
      .innerJoin('products as p', 'p.code', 'd.productCode')
      .innerJoin('companies as c', 'c.id', 'd.companyId')
      .select((eb) => [
        'd.id',
        'd.reference',
        'p.code as productCode',
        'p.name as productName',
        'c.name as companyName',
        'd.status',
        'd.estimatedCents',
        'd.auditedCents',
        'd.grantedCents',
        'd.obtainedCents',
        'd.administrationReference',
        'd.createdAt',
        'd.statusChangedAt',
        eb('d.expertId', 'is not distinct from', o.userId).as('assignedToYou'),
      ])
      .where((eb) =>
        eb.or([
          ...(o.companyId ? [eb('d.companyId', '=', o.companyId)] : []),
          eb('d.expertId', '=', o.userId),
          eb('d.createdBy', '=', o.userId),
        ]),
      )
      .orderBy('d.createdAt')
      .execute(),

  /** The history of those dossiers, and what the person did on any other (without who else acted). */
  dossierEvents: (db: Executor, dossierIds: string[], userId: string) =>
    db
      .selectFrom('dossierEvents as e')
      .innerJoin('dossiers as d', 'd.id', 'e.dossierId')
      .select((eb) => [
        'e.dossierId',
        'd.reference as dossierReference',
        'e.type',
        'e.fromStatus',
        'e.toStatus',
        'e.note',
        'e.createdAt',
        eb('e.actorId', 'is not distinct from', userId).as('byYou'),
      ])
      .where((eb) =>
        eb.or([
          ...(dossierIds.length ? [eb('e.dossierId', 'in', dossierIds)] : []),
          eb('e.actorId', '=', userId),
        ]),
      )
      .orderBy('e.createdAt')
      .orderBy('e.id')
      .execute(),

  /** Every document version the person uploaded, with where its file lives. */
  documentVersions: (db: Executor, userId: string) =>
    db
      .selectFrom('documentVersions as v')
      .innerJoin('documents as doc', 'doc.id', 'v.documentId')
      .innerJoin('dossiers as d', 'd.id', 'v.dossierId')
      .select([
        'v.id',
        'd.reference as dossierReference',
        'doc.title as documentTitle',
        'doc.category',
        'v.version',
        'v.filename',
        'v.mimeType',
        'v.sizeBytes',
        'v.sha256',
        'v.comment',
        'v.createdAt as uploadedAt',
        'v.reviewStatus',
        'v.reviewedAt',
        'v.reviewReason',
        'v.storageKey',
      ])
      .where('v.uploadedBy', '=', userId)
      .orderBy('v.createdAt')
      .orderBy('v.id')
      .execute(),

  /** The person's own previews and downloads of documents (address and browser included). */
  documentAccesses: (db: Executor, userId: string) =>
    db
      .selectFrom('documentAccessLog as a')
      .innerJoin('documents as doc', 'doc.id', 'a.documentId')
      .innerJoin('dossiers as d', 'd.id', 'a.dossierId')
      .select(['d.reference as dossierReference', 'doc.title as documentTitle', 'a.action', 'a.via'])
      .select(['a.ip', 'a.userAgent', 'a.at'])
      .where('a.userId', '=', userId)
      .orderBy('a.at')
      .execute(),

  /** The files the person attached to messages. */
  attachments: (db: Executor, userId: string) =>
    db
      .selectFrom('attachments as a')
      .innerJoin('conversations as c', 'c.id', 'a.conversationId')
      .leftJoin('dossiers as d', 'd.id', 'c.dossierId')
      .select(['a.id', 'a.conversationId', 'a.messageId', 'd.reference as dossierReference'])
      .select(['a.filename', 'a.mimeType', 'a.sizeBytes', 'a.createdAt', 'a.storageKey'])
      .where('a.uploaderId', '=', userId)
      .orderBy('a.createdAt')
      .orderBy('a.id')
      .execute(),
};
