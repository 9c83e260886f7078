import type { Executor } from '../../db/pool.ts';

export const refreshTokensRepo = {
  insert: (
    db: Executor,
    row: {
      id: string;
      userId: string;
      familyId: string;
      tokenHash: string;
      expiresAt: Date;
      createdAt: Date;
    },
  ) => db.insertInto('refreshTokens').values(row).execute(),

  findByHashForUpdate: (db: Executor, tokenHash: string) =>
    db
      .selectFrom('refreshTokens')
      .select(['id', 'userId', 'familyId', 'expiresAt', 'usedAt', 'revokedAt'])
      .where('tokenHash', '=', tokenHash)
      .forUpdate()
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

  revokeAllOfUser: (db: Executor, userId: string, at: Date) =>
    db
      .updateTable('refreshTokens')
      .set({ revokedAt: at })
      .where('userId', '=', userId)
      .where('revokedAt', 'is', null)
      .execute(),
};
