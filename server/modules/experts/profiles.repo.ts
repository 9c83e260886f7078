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

  /** Authors of live messages since `since` who are experts (a range of messages_recent_idx). */
  async expertsWhoWroteSince(db: Executor, since: Date): Promise<string[]> {
    const rows = await db
      .selectFrom('messages as m')
      .innerJoin('users as u', 'u.id', 'm.senderId')
      .where('m.createdAt', '>=', since)
      .where('m.deletedAt', 'is', null)
      .where('u.role', '=', 'expert')
      .select('u.id')
      .distinct()
      .execute();
    return rows.map((r) => r.id);
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
