/** Roles and account statuses, apart from the API's schemas (no zod) for the web client; `common/users.ts` re-exports them. */
export const roles = ['client', 'expert', 'admin'] as const;
export type Role = (typeof roles)[number];

export const userStatuses = ['active', 'pending', 'rejected', 'suspended'] as const;
export type UserStatus = (typeof userStatuses)[number];
