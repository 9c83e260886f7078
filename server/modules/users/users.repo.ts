import { type Insertable, type Selectable, sql } from 'kysely';
import { type Executor, prepared, preparedQuery } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';

const userWithCompany = (db: Executor) =>
  db
    .selectFrom('users as u')
    .leftJoin('companies as c', 'c.id', 'u.companyId')
    .select([
      'u.id',
      'u.email',
      'u.role',
      'u.status',
      'u.firstName',
      'u.lastName',
      'u.createdAt',
      'u.emailVerifiedAt',
      'c.id as companyId',
      'c.name as companyName',
      'c.siren as companySiren',
      'c.sector as companySector',
      'c.size as companySize',
      'c.region as companyRegion',
    ]);

export type UserWithCompanyRow = RowOf<typeof userWithCompany>;
export type Contact = Pick<
  Selectable<Database['users']>,
  'id' | 'email' | 'role' | 'status' | 'firstName' | 'lastName' | 'locale' | 'timeZone'
>;

// Read by every signed-in page (`/api/me`): prepared.
const findWithCompanyQuery = preparedQuery((db, p: { id: string }) =>
  userWithCompany(db).where('u.id', '=', p.id),
);
// Read for every notification of a company's dossier: prepared.
const activeClientIdsQuery = preparedQuery((db, p: { companyId: string }) =>
  db
    .selectFrom('users')
    .select('id')
    .where('companyId', '=', p.companyId)
    .where('role', '=', 'client')
    .where('status', '=', 'active'),
);

/** What signing in and changing a password check. */
const credentials = (db: Executor) => db.selectFrom('users').select(['id', 'role', 'status', 'passwordHash']);

export const usersRepo = {
  findCredentialsByEmail: (db: Executor, email: string) =>
    credentials(db).where('email', '=', email).executeTakeFirst(),

  findCredentialsById: (db: Executor, id: string) => credentials(db).where('id', '=', id).executeTakeFirst(),

  findWithCompany: async (db: Executor, id: string) => (await findWithCompanyQuery(db, { id }))[0],

  emailExists: async (db: Executor, email: string) =>
    Boolean(await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()),

  /**
   * Inserts the company unless its SIREN is registered already (then returns undefined). A registration racing with
   * another one for the same SIREN waits for it, and sees its company once it has committed.
   */
  insertCompanyUnlessSirenTaken: (db: Executor, company: Insertable<Database['companies']>) =>
    db
      .insertInto('companies')
      .values(company)
      .onConflict((oc) => oc.column('siren').doNothing())
      .returning('id')
      .executeTakeFirst(),

  findCompanyIdBySiren: async (db: Executor, siren: string) =>
    (await db.selectFrom('companies').select('id').where('siren', '=', siren).executeTakeFirst())?.id,

  /** A client whose request to join was approved: a member of the company, active. */
  joinCompany: (db: Executor, id: string, companyId: string, at: Date) =>
    db
      .updateTable('users')
      .set({ companyId, status: 'active', statusReason: null, updatedAt: at })
      .where('id', '=', id)
      .execute(),

  insertUser: (db: Executor, user: Insertable<Database['users']>) =>
    db.insertInto('users').values(user).execute(),

  insertExpertProfile: (db: Executor, profile: Insertable<Database['expertProfiles']>) =>
    db.insertInto('expertProfiles').values(profile).execute(),

  updatePasswordHash: (db: Executor, id: string, passwordHash: string, at: Date) =>
    db.updateTable('users').set({ passwordHash, updatedAt: at }).where('id', '=', id).execute(),

  lockForUpdate: (db: Executor, id: string) =>
    db
      .selectFrom('users')
      .select(['id', 'role', 'status', 'statusReason', 'companyId'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst(),

  setStatus: (
    db: Executor,
    id: string,
    status: Database['users']['status'],
    reason: string | null,
    at: Date,
  ) =>
    db
      .updateTable('users')
      .set({ status, statusReason: reason, updatedAt: at })
      .where('id', '=', id)
      .execute(),

  /** What notifying people needs of them: address, name, role, status, language and time zone. */
  contacts: async (db: Executor, ids: readonly string[]): Promise<Contact[]> =>
    ids.length === 0
      ? []
      : // Read for every notification and every delivery: prepared, one text whatever the number of ids, and shaped
        // to keep one plan (see `prepared`).
        (
          await prepared(sql<Contact>`
            SELECT u.id, u.email, u.role, u.status, u.first_name, u.last_name, u.locale, u.time_zone
            FROM (SELECT ${[...new Set(ids)]}::uuid[] AS id) l
            CROSS JOIN LATERAL generate_subscripts(l.id, 1) AS i
            CROSS JOIN LATERAL (SELECT * FROM users WHERE id = l.id[i] OFFSET 0) u`).execute(db)
        ).rows,

  setLanguage: (db: Executor, id: string, changes: { locale?: 'fr' | 'en'; timeZone?: string }, at: Date) =>
    db
      .updateTable('users')
      .set({ ...changes, updatedAt: at })
      .where('id', '=', id)
      .execute(),

  activeClientIds: async (db: Executor, companyId: string): Promise<string[]> =>
    (await activeClientIdsQuery(db, { companyId })).map((r) => r.id),

  activeAdminIds: async (db: Executor): Promise<string[]> =>
    (
      await db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .where('status', '=', 'active')
        .execute()
    ).map((r) => r.id),

  findActiveExpert: (db: Executor, id: string) =>
    db
      .selectFrom('users')
      .select(['id', 'firstName', 'lastName'])
      .where('id', '=', id)
      .where('role', '=', 'expert')
      .where('status', '=', 'active')
      .executeTakeFirst(),
};
