/** The orders of the admins' users list (zod-free for the web client; `common/admin-users.ts` re-exports them). */
export const adminUserSorts = ['newest', 'oldest', 'name', 'lastActivity'] as const;
export type AdminUserSort = (typeof adminUserSorts)[number];
