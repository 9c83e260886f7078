import { z } from 'zod';
import { joinRequestStatuses } from './join-request-statuses.ts';
import { pageQuery } from './pagination.ts';

/** Why a decision on a join request is refused. */
export const companyErrorCodes = [
  'JOIN_REQUEST_ALREADY_DECIDED',
  'JOIN_REQUEST_ACCOUNT_NOT_PENDING',
] as const;

/**
 * Requests to join a company already on the platform: a client who registers with a taken SIREN gets a pending
 * account and one of these, which an admin approves (the account joins the company) or rejects.
 */
export { type JoinRequestStatus, joinRequestStatuses } from './join-request-statuses.ts';

export const companyJoinRequest = z.object({
  id: z.string().uuid(),
  status: z.enum(joinRequestStatuses),
  company: z.object({ id: z.string().uuid(), name: z.string(), siren: z.string() }),
  requester: z.object({
    id: z.string().uuid(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
  }),
  reason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type CompanyJoinRequest = z.infer<typeof companyJoinRequest>;

export const joinRequestListQuery = pageQuery.extend({
  status: z.enum(joinRequestStatuses).default('pending'),
});

/** What the requester sees of their own request (on the page where their account waits). */
export const myJoinRequest = z.object({
  request: z
    .object({
      status: z.enum(joinRequestStatuses),
      company: z.object({ name: z.string(), siren: z.string() }),
      reason: z.string().nullable(),
      createdAt: z.string(),
      decidedAt: z.string().nullable(),
    })
    .nullable(),
});
export type MyJoinRequest = z.infer<typeof myJoinRequest>;
