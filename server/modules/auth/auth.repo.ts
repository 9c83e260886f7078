import type { Executor } from '../../db/pool.ts';

export const refreshTokensRepo = {
  insert: (
    db: Executor,
    row: {
      id: string;
      userId: string;
      familyId: string;
      familyStartedAt: Date;
      tokenHash: string;
      expiresAt: Date;
      createdAt: Date;
    },
  ) => db.insertInto('refreshTokens').values(row).execute(),

  findByHashForUpdate: (db: Executor, tokenHash: string) =>
    db
      .selectFrom('refreshTokens')
      .select(['id', 'userId', 'familyId', 'familyStartedAt', 'expiresAt', 'usedAt', 'revokedAt'])
      .where('tokenHash', '=', tokenHash)
      .forUpdate()
      .executeTakeFirst(),

  findByHash: (db: Executor, tokenHash: string) =>
    db
      .selectFrom('refreshTokens')
      .select(['id', 'familyId', 'expiresAt', 'usedAt', 'revokedAt'])
      .where('tokenHash', '=', tokenHash)
      .executeTakeFirst(),

  /** The session's user and start, while one of its refresh tokens is live (not revoked, not expired). */
  liveFamily: (db: Executor, familyId: string, at: Date) =>
    db
      .selectFrom('refreshTokens')
      .select(['userId', 'familyStartedAt'])
      .where('familyId', '=', familyId)
      .where('revokedAt', 'is', null)
      .where('expiresAt', '>', at)
      .limit(1)
      .executeTakeFirst(),

  markUsed: (db: Executor, id: string, at: Date) =>
    db.updateTable('refreshTokens').set({ usedAt: at }).where('id', '=', id).execute(),

  revokeFamily: (db: Executor, familyId: string, at: Date) =>
    db
      .updateTable('refreshTokens')
      .set({ revokedAt: at })
      .where('familyId', '=', familyId)
      .where('revokedAt', 'is', null)
      .execute(),

  /** Revokes the family of this token; its user and family when it still had a live token. */
  revokeFamilyOf: (db: Executor, tokenHash: string, at: Date) =>
    db
      .updateTable('refreshTokens')
      .set({ revokedAt: at })
      .where('familyId', '=', (eb) =>
        eb.selectFrom('refreshTokens').select('familyId').where('tokenHash', '=', tokenHash),
      )
      .where('revokedAt', 'is', null)
      .returning(['userId', 'familyId'])
      .executeTakeFirst(),

  /** Every session of the user but `keepFamilyId` (none kept when null). */
  revokeAllOfUser: (db: Executor, userId: string, at: Date, keepFamilyId: string | null = null) => {
    let query = db
      .updateTable('refreshTokens')
      .set({ revokedAt: at })
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null);
    if (keepFamilyId) query = query.where('familyId', '<>', keepFamilyId);
    return query.execute();
  },
};

/** Where each session was opened from: a sign-in from a browser and address never seen is told to the user. */
export const sessionDevicesRepo = {
  insert: (
    db: Executor,
    row: { familyId: string; userId: string; userAgent: string; ip: string; createdAt: Date },
  ) => db.insertInto('sessionDevices').values(row).execute(),

  seen: async (db: Executor, userId: string, userAgent: string, ip: string) =>
    Boolean(
      await db
        .selectFrom('sessionDevices')
        .select('familyId')
        .where('userId', '=', userId)
        .where('userAgent', '=', userAgent)
        .where('ip', '=', ip)
        .executeTakeFirst(),
    ),
};
