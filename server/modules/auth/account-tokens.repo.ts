import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';

type Purpose = Database['accountTokens']['purpose'];

/** Single-use links (e-mail verification, password reset): only the token's hash is stored. */
export const accountTokensRepo = {
  insert: (
    db: Executor,
    row: {
      id: string;
      userId: string;
      purpose: Purpose;
      tokenHash: string;
      email: string;
      createdAt: Date;
      expiresAt: Date;
    },
  ) => db.insertInto('accountTokens').values(row).execute(),

  /** Uses the token if it is still good (unused, unexpired): at most one caller gets it, whatever the concurrency. */
  consume: (db: Executor, tokenHash: string, purpose: Purpose, at: Date) =>
    db
      .updateTable('accountTokens')
      .set({ usedAt: at })
      .where('tokenHash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', at)
      .returning(['userId', 'email'])
      .executeTakeFirst(),

  /** Ends the user's outstanding links (of one purpose, or all): an older link stops working. */
  invalidate: (db: Executor, userId: string, at: Date, purpose?: Purpose) => {
    let query = db
      .updateTable('accountTokens')
      .set({ usedAt: at })
      .where('userId', '=', userId)
      .where('usedAt', 'is', null);
    if (purpose) query = query.where('purpose', '=', purpose);
    return query.execute();
  },
};

/** The account as its e-mails need it. */
const account = (db: Executor) =>
  db.selectFrom('users').select(['id', 'email', 'firstName', 'locale', 'status', 'emailVerifiedAt']);

export const accountsRepo = {
  findById: (db: Executor, id: string) => account(db).where('id', '=', id).executeTakeFirst(),

  findByEmail: (db: Executor, email: string) => account(db).where('email', '=', email).executeTakeFirst(),

  lockForUpdate: (db: Executor, id: string) =>
    account(db).where('id', '=', id).forUpdate().executeTakeFirst(),

  /**
   * Marks the address verified (kept as it is when it was already), if it is still the account's: a link sent to a
   * former address proves nothing. Whether it is.
   */
  markEmailVerified: async (db: Executor, id: string, email: string, at: Date) =>
    (
      await db
        .updateTable('users')
        .set({ emailVerifiedAt: sql<Date>`coalesce(email_verified_at, ${at})` })
        .where('id', '=', id)
        .where('email', '=', email)
        .executeTakeFirst()
    ).numUpdatedRows > 0n,

  /** The new address, not verified yet. */
  changeEmail: (db: Executor, id: string, email: string, at: Date) =>
    db
      .updateTable('users')
      .set({ email, emailVerifiedAt: null, updatedAt: at })
      .where('id', '=', id)
      .execute(),
};
