import type { ColumnType } from 'kysely';

/** Kept by triggers (020_admin_user_search.sql): read only, never written by the application. */
type ReadOnly<T> = ColumnType<T, never, never>;

/** What the admins' users list searches and sorts on, one row per user. */
export interface AdminUserSearchTable {
  userId: ReadOnly<string>;
  document: ReadOnly<string>;
  sortName: ReadOnly<string>;
  lastActivityAt: ReadOnly<Date>;
}

export interface AdminUserTables {
  adminUserSearch: AdminUserSearchTable;
}
