import { z } from 'zod';
import { roles, userStatuses } from './users.ts';

export const adminUserListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  role: z.enum(roles).optional(),
  status: z.enum(userStatuses).optional(),
  q: z.string().trim().max(100).optional(),
});

export const adminUser = z.object({
  id: z.string().uuid(),
  email: z.string(),
  role: z.enum(roles),
  status: z.enum(userStatuses),
  firstName: z.string(),
  lastName: z.string(),
  companyName: z.string().nullable(),
  specialties: z.array(z.string()).nullable(),
  emailVerified: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUser>;

export const reasonInput = z.object({ reason: z.string().trim().min(3).max(2000) });
export const optionalReasonInput = z
  .object({ reason: z.string().trim().min(3).max(2000).optional() })
  .nullish();
