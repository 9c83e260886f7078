import { z } from 'zod';
import { auditErrorCodes } from './admin-audit.ts';
import { dashboardErrorCodes } from './admin-metrics.ts';
import { announcementErrorCodes } from './announcements.ts';
import { companyErrorCodes } from './companies.ts';
import { documentErrorCodes } from './documents.ts';
import { dossierErrorCodes } from './dossiers.ts';
import { expertErrorCodes } from './experts.ts';
import { messagingErrorCodes } from './messaging.ts';
import { notificationErrorCodes } from './notifications.ts';
import { privacyErrorCodes } from './privacy.ts';
import { productErrorCodes } from './products.ts';
import { reportErrorCodes } from './reports.ts';
import { userErrorCodes } from './users.ts';
import { workflowErrorCodes } from './workflows.ts';

/** Codes any module may answer: validation, authentication, access, limits, failures. */
export const platformErrorCodes = [
  'VALIDATION_ERROR',
  /** A reason (motif) is needed for this action: a rejection, a suspension, some dossier steps. */
  'REASON_REQUIRED',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  // Generic fallbacks for framework errors only (error-handler.ts): a module names its own reason.
  'CONFLICT',
  'UNPROCESSABLE',
  'INVALID_CURSOR',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

/** Every code the API answers with: the platform's, and those each module declares in its own `common/` file. */
export const errorCodes = [
  ...platformErrorCodes,
  ...userErrorCodes,
  ...companyErrorCodes,
  ...productErrorCodes,
  ...dossierErrorCodes,
  ...documentErrorCodes,
  ...expertErrorCodes,
  ...messagingErrorCodes,
  ...notificationErrorCodes,
  ...announcementErrorCodes,
  ...workflowErrorCodes,
  ...auditErrorCodes,
  ...dashboardErrorCodes,
  ...reportErrorCodes,
  ...privacyErrorCodes,
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;
