import { adminKeys } from './admin.keys.ts';

/** Query keys of a user's page, under the users lists' prefix: whatever changes a user refreshes them all. */
export const adminUserKeys = {
  detail: (id: string) => [...adminKeys.users(), 'detail', id] as const,
  audit: (id: string) => [...adminKeys.users(), 'audit', id] as const,
};
