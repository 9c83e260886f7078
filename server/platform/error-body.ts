import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import type { ErrorCode } from '../../common/errors.ts';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
  isTextTheDatabaseCannotHold,
} from './db-errors.ts';
import { AppError } from './errors.ts';

export type ErrorReply = {
  status: number;
  body: { error: { code: ErrorCode; message: string; details?: unknown } };
  /** With a 503: seconds before the client may retry. */
  retryAfterSeconds?: number;
  /** Whether and how to log the error (never sent): a bug, an outage, or a refusal that carries an internal note. */
  log?: { level: 'info' | 'warn' | 'error'; message: string };
};

/** Fallback codes of framework errors (body parser, rate limit, multipart…), which carry only a status. */
const codeByStatus: Record<number, ErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

const reply = (status: number, code: ErrorCode, message: string, details?: unknown): ErrorReply => ({
  status,
  body: { error: details === undefined ? { code, message } : { code, message, details } },
});

/**
 * What the client is answered for an error, over HTTP and over a socket alike: `{error: {code, message, details?}}`.
 * A refusal (AppError) says why; invalid input lists its issues; a database that cannot serve now is worth a retry
 * (503); anything else is a bug whose internals stay in the logs (500).
 */
export function errorBodyOf(error: unknown): ErrorReply {
  if (error instanceof AppError) {
    const answer = reply(error.status, error.code, error.message, error.details);
    if (error.internal !== undefined || error.cause !== undefined) {
      answer.log = { level: 'info', message: error.internal ?? error.message };
    }
    return answer;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      path: [
        v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        (v.params as { issue?: { path?: PropertyKey[] } }).issue?.path?.join('.'),
      ]
        .filter(Boolean)
        .join('.'),
      message: v.message,
    }));
    return reply(400, 'VALIDATION_ERROR', `Requête invalide (${error.validationContext})`, details);
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return reply(400, 'VALIDATION_ERROR', 'Requête invalide', details);
  }
  if (isResponseSerializationError(error)) {
    return {
      ...reply(500, 'INTERNAL_ERROR', 'Erreur interne'),
      log: { level: 'error', message: 'response does not match its schema' },
    };
  }
  const status = (error as Partial<FastifyError> | null)?.statusCode ?? 500;
  if (status < 500) {
    const code = codeByStatus[status] ?? 'VALIDATION_ERROR';
    const message = status === 429 ? 'Trop de requêtes, réessayez plus tard' : (error as Error).message;
    return reply(status, code, message);
  }
  if (isDatabaseUnavailable(error)) {
    return {
      ...reply(
        503,
        'SERVICE_UNAVAILABLE',
        'Service momentanément indisponible, réessayez dans quelques secondes',
      ),
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      log: { level: 'warn', message: 'database unavailable' },
    };
  }
  if (isTextTheDatabaseCannotHold(error)) {
    // The edge's schemas refuse control characters; one that slipped through is still the input's fault.
    return {
      ...reply(400, 'VALIDATION_ERROR', 'Requête invalide : caractère nul ou encodage invalide'),
      log: { level: 'warn', message: 'text the database cannot hold got past validation' },
    };
  }
  return {
    ...reply(500, 'INTERNAL_ERROR', 'Erreur interne'),
    log: { level: 'error', message: 'unhandled error' },
  };
}
