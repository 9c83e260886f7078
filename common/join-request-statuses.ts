/** The statuses of a request to join a company, apart from the API's schemas (no zod) for the web client. */
export const joinRequestStatuses = ['pending', 'approved', 'rejected'] as const;
export type JoinRequestStatus = (typeof joinRequestStatuses)[number];
