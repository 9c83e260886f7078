import { sql } from 'kysely';
import { closingStatuses } from '../../../common/dossier-lifecycle.ts';
import type { Executor } from '../../db/pool.ts';
import { fetchLimit } from '../../platform/cursor.ts';

/** What a user's page shows besides the lists: identity, company, expert profile, activity. */
export const usersDetailRepo = {
  find: (db: Executor, id: string) =>
    db
      .selectFrom('users as u')
      .innerJoin('adminUserSearch as s', 's.userId', 'u.id')
      .leftJoin('companies as c', 'c.id', 'u.companyId')
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
        'u.createdAt',
        'u.emailVerifiedAt',
        's.lastActivityAt',
        'p.lastSeenAt',
        'c.id as companyId',
        'c.name as companyName',
        'c.siren as companySiren',
        'c.sector as companySector',
        'c.size as companySize',
        'c.region as companyRegion',
        (eb) =>
          eb
            .selectFrom('sessionDevices as d')
            .select((e) => e.fn.max('d.createdAt').as('at'))
            .whereRef('d.userId', '=', 'u.id')
            .as('lastSignInAt'),
        (eb) =>
          eb
            .selectFrom('messages as m')
            .select((e) => e.fn.countAll<string>().as('n'))
            .whereRef('m.senderId', '=', 'u.id')
            .where('m.kind', '=', 'text')
            .as('messagesSent'),
      ])
      .where('u.id', '=', id)
      .executeTakeFirst(),

  expertProfile: (db: Executor, userId: string) =>
    db
      .selectFrom('expertProfiles')
      .select([
        'specialties',
        'regions',
        'languages',
        'headline',
        'city',
        'capacity',
        'activeLoad',
        'verified',
      ])
      .where('userId', '=', userId)
      .executeTakeFirst(),

  /** A client's company's dossiers, or those assigned to an expert: how many, and how many still open. */
  dossierCounts: (db: Executor, owner: { companyId: string } | { expertId: string }) =>
    db
      .selectFrom('dossiers')
      .select([
        (eb) => eb.fn.countAll<string>().as('total'),
        sql<string>`count(*) FILTER (WHERE status <> ALL (${sql.val([...closingStatuses])}::text[]))`.as(
          'open',
        ),
      ])
      .where(
        'companyId' in owner ? 'companyId' : 'expertId',
        '=',
        'companyId' in owner ? owner.companyId : owner.expertId,
      )
      .executeTakeFirstOrThrow(),

  /** The user's sessions still usable at `at` (one live token per family), newest first. */
  activeSessions: (db: Executor, userId: string, at: Date) =>
    db
      .selectFrom('refreshTokens as r')
      .leftJoin('sessionDevices as d', 'd.familyId', 'r.familyId')
      .select([
        'r.familyId as id',
        'd.userAgent',
        'd.ip',
        'r.familyStartedAt as startedAt',
        'r.createdAt as lastUsedAt',
        'r.expiresAt',
      ])
      .where('r.userId', '=', userId)
      .where('r.usedAt', 'is', null)
      .where('r.revokedAt', 'is', null)
      .where('r.expiresAt', '>', at)
      .orderBy('r.createdAt', 'desc')
      .execute(),

  /** The audit rows where the user acted or was acted upon, newest first (audit ids are time-ordered). */
  auditTrail: (db: Executor, userId: string, limit: number, beforeId?: string) => {
    let query = db
      .selectFrom('auditLog as a')
      .leftJoin('users as actor', 'actor.id', 'a.actorId')
      .select([
        'a.id',
        'a.action',
        'a.actorId',
        sql<string | null>`actor.first_name || ' ' || actor.last_name`.as('actorName'),
        'a.entityType',
        'a.entityId',
        'a.before',
        'a.after',
        'a.createdAt',
      ])
      .where((eb) =>
        eb.or([
          eb('a.actorId', '=', userId),
          eb.and([eb('a.entityType', '=', 'user'), eb('a.entityId', '=', userId)]),
        ]),
      );
    if (beforeId) query = query.where('a.id', '<', beforeId);
    return query.orderBy('a.id', 'desc').limit(fetchLimit(limit)).execute();
  },
};
