import { type RawBuilder, sql } from 'kysely';
import type { AnnouncementSegment } from '../../../common/announcements.ts';

/**
 * The SQL condition on `users u` that selects an announcement's recipients, as `announcementSegment` defines them
 * (common/announcements.ts): active accounts matching every non-empty field, any value of a field. The preview counts
 * with it and the send inserts with it, so the count shown is the count reached.
 *
 * It reads the tables of users, companies, dossiers and expert profiles directly: a set-based selection over the
 * whole user base (100,000 accounts in one INSERT … SELECT) that no per-user service call could give.
 */
export function segmentCondition(segment: AnnouncementSegment): RawBuilder<boolean> {
  const conditions: RawBuilder<unknown>[] = [sql`u.status = 'active'`];
  if (segment.roles.length) conditions.push(sql`u.role = ANY(${segment.roles}::text[])`);
  if (segment.userIds.length) conditions.push(sql`u.id = ANY(${segment.userIds}::uuid[])`);
  if (segment.regions.length) {
    conditions.push(sql`(
      (u.role = 'client' AND EXISTS (SELECT 1 FROM companies c
        WHERE c.id = u.company_id AND c.region = ANY(${segment.regions}::text[])))
      OR (u.role = 'expert' AND EXISTS (SELECT 1 FROM expert_profiles p
        WHERE p.user_id = u.id AND p.regions && ${segment.regions}::text[])))`);
  }
  if (segment.specialties.length) {
    conditions.push(sql`(u.role = 'expert' AND EXISTS (SELECT 1 FROM expert_profiles p
      WHERE p.user_id = u.id AND p.specialties && ${segment.specialties}::text[]))`);
  }
  const dossierFilter = dossierCondition(segment);
  if (dossierFilter) conditions.push(dossierFilter);
  return sql<boolean>`(${sql.join(conditions, sql` AND `)})`;
}

/** Products and dossier statuses: a client through one dossier of their company, an expert as documented. */
function dossierCondition({ products, dossierStatuses }: AnnouncementSegment): RawBuilder<unknown> | null {
  if (!products.length && !dossierStatuses.length) return null;
  const dossierMatch = [
    ...(products.length ? [sql`d.product_code = ANY(${products}::text[])`] : []),
    ...(dossierStatuses.length ? [sql`d.status = ANY(${dossierStatuses}::text[])`] : []),
  ];
  const client = sql`(u.role = 'client' AND EXISTS (SELECT 1 FROM dossiers d
    WHERE d.company_id = u.company_id AND ${sql.join(dossierMatch, sql` AND `)}))`;
  const expert = [
    sql`u.role = 'expert'`,
    ...(products.length
      ? [
          sql`EXISTS (SELECT 1 FROM expert_profiles p
            WHERE p.user_id = u.id AND p.specialties && ${products}::text[])`,
        ]
      : []),
    ...(dossierStatuses.length
      ? [
          sql`EXISTS (SELECT 1 FROM dossiers d
            WHERE d.expert_id = u.id AND d.status = ANY(${dossierStatuses}::text[]))`,
        ]
      : []),
  ];
  return sql`(${client} OR (${sql.join(expert, sql` AND `)}))`;
}
