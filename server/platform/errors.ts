import type { ErrorCode } from '../../common/errors.ts';

/**
 * A refusal the user may read: `message` is sent as it is. What helps us but not them (an id, a state, the error
 * behind it) goes in `internal` or `cause`: logged with the error, never sent.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly internal: string | undefined;
  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    details?: unknown,
    options: { internal?: string; cause?: unknown } = {},
  ) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.status = status;
    this.code = code;
    this.details = details;
    this.internal = options.internal;
  }
}

export const notFound = (what = 'Ressource') => new AppError(404, 'NOT_FOUND', `${what} introuvable`);
export const forbidden = (message = 'Accès refusé') => new AppError(403, 'FORBIDDEN', message);
export const conflict = (code: ErrorCode, message: string) => new AppError(409, code, message);
export const unprocessable = (code: ErrorCode, message: string, details?: unknown) =>
  new AppError(422, code, message, details);
