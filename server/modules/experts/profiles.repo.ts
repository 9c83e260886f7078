import { sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';

export type CardRow = {
  id: string;
  firstName: string;
  lastName: string;
  avatarUrl: string | null;
  headline: string;
  city: string;
  department: string | null;
  specialties: string[];
  regions: string[];
  languages: string[];
  verified: boolean;
  ratingAvg: string | null;
  reviewCount: number;
  ratingScore: string;
  feeModel: 'commission' | 'day_rate';
  commissionPercent: string | null;
  dayRateCents: number | null;
  yearsExperience: number;
  capacity: number;
  activeLoad: number;
  medianResponseMinutes: number | null;
  completedDossiers: number;
};

/** A message's place in messages_recent_idx (newest first): its creation time as PostgreSQL writes it, its id. */
export type MessagePosition = { createdAt: string; id: string };

/** The columns of an expert card (profile `p`, user `u`, stats `s`), read by search, profiles and recommendations. */
export const cardColumns = sql`p.user_id AS id, u.first_name, u.last_name, p.avatar_url, p.headline, p.city, p.department,
  p.specialties, p.regions, p.languages, p.verified, p.rating_avg, p.review_count, p.rating_score, p.fee_model,
  p.commission_percent, p.day_rate_cents, p.years_experience, p.capacity, p.active_load,
  p.median_response_minutes, coalesce(s.completed_dossiers, 0) AS completed_dossiers`;

export type ProfileRow = CardRow &
  Pick<
    Database['expertStats'],
    | 'stars1'
    | 'stars2'
    | 'stars3'
    | 'stars4'
    | 'stars5'
    | 'communicationSum'
    | 'expertiseSum'
    | 'speedSum'
    | 'refusedDossiers'
    | 'recoveredCents'
  > & {
    bio: string;
    certifications: string[];
    yearsByProduct: Record<string, number>;
    verifiedAt: Date | null;
    listed: boolean;
  };

export const profilesRepo = {
  async profile(db: Executor, id: string): Promise<ProfileRow | undefined> {
    const result = await sql<ProfileRow>`
      SELECT ${cardColumns}, p.bio, p.certifications, p.years_by_product, p.verified_at, p.listed,
        coalesce(s.stars1, 0) AS stars1, coalesce(s.stars2, 0) AS stars2, coalesce(s.stars3, 0) AS stars3,
        coalesce(s.stars4, 0) AS stars4, coalesce(s.stars5, 0) AS stars5,
        coalesce(s.communication_sum, 0) AS communication_sum, coalesce(s.expertise_sum, 0) AS expertise_sum,
        coalesce(s.speed_sum, 0) AS speed_sum, coalesce(s.refused_dossiers, 0) AS refused_dossiers,
        coalesce(s.recovered_cents, 0) AS recovered_cents
      FROM expert_profiles p
      JOIN users u ON u.id = p.user_id
      LEFT JOIN expert_stats s ON s.expert_id = p.user_id
      WHERE p.user_id = ${id}`.execute(db);
    return result.rows[0];
  },

  /**
   * One slice of the live messages written since `since`, newest first, after `after` (a position in
   * messages_recent_idx): the experts among their authors, and where the next slice starts (null once the window
   * is read). A slice is one short range of the index, however many messages the window holds; a single query over
   * the window made the planner scan the whole table once the window was a tenth of it (the messaging benchmark).
   * The position's time is PostgreSQL's own text, to the microsecond, which a `Date` would round.
   */
  async expertAuthorsSince(
    db: Executor,
    since: Date,
    after: MessagePosition | null,
    limit: number,
  ): Promise<{ expertIds: string[]; next: MessagePosition | null }> {
    const afterPosition = after
      ? sql`AND (m.created_at, m.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
      : sql``;
    const result = await sql<{
      count: number;
      lastCreatedAt: string | null;
      lastId: string | null;
      expertIds: string[];
    }>`
      WITH slice AS (
        SELECT m.created_at, m.id, m.sender_id FROM messages m
        WHERE m.deleted_at IS NULL AND m.created_at >= ${since} ${afterPosition}
        ORDER BY m.created_at DESC, m.id DESC LIMIT ${limit}
      ), last AS (SELECT created_at, id FROM slice ORDER BY created_at, id LIMIT 1)
      SELECT (SELECT count(*) FROM slice)::int AS count,
        (SELECT created_at::text FROM last) AS last_created_at, (SELECT id FROM last) AS last_id,
        coalesce((SELECT array_agg(DISTINCT u.id) FROM slice s JOIN users u ON u.id = s.sender_id
          WHERE u.role = 'expert'), '{}') AS expert_ids`.execute(db);
    const row = result.rows[0]!;
    const next =
      row.count === limit && row.lastCreatedAt && row.lastId
        ? { createdAt: row.lastCreatedAt, id: row.lastId }
        : null;
    return { expertIds: row.expertIds, next };
  },

  /**
   * Recomputes an expert's median response time from the messages since `since` (see migration 006); a value only
   * replaces the last one when there are answers to measure. Whether it changed.
   */
  async refreshResponseTime(db: Executor, expertId: string, since: Date): Promise<boolean> {
    const result = await sql`
      UPDATE expert_profiles p SET median_response_minutes = r.minutes
      FROM (SELECT expert_median_response_minutes(${expertId}::uuid, ${since}::timestamptz) AS minutes) r
      WHERE p.user_id = ${expertId}::uuid AND r.minutes IS NOT NULL
        AND p.median_response_minutes IS DISTINCT FROM r.minutes`.execute(db);
    return Number(result.numAffectedRows ?? 0) > 0;
  },

  updateProfile: (db: Executor, id: string, changes: Updateable<Database['expertProfiles']>) =>
    db.updateTable('expertProfiles').set(changes).where('userId', '=', id).execute(),

  lockProfile: (db: Executor, id: string) =>
    db
      .selectFrom('expertProfiles')
      .select([
        'userId',
        'headline',
        'bio',
        'city',
        'department',
        'avatarUrl',
        'specialties',
        'regions',
        'languages',
        'certifications',
        'yearsByProduct',
        'yearsExperience',
        'feeModel',
        'commissionPercent',
        'dayRateCents',
        'capacity',
        'verified',
      ])
      .where('userId', '=', id)
      .forUpdate()
      .executeTakeFirst(),
};
