import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../../common/errors.ts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './db-errors.ts';
import { AppError } from './errors.ts';

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

/** Every error leaves as `{error: {code, message, details?}}`; a 5xx never shows its internals. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply
        .status(error.status)
        .send({ error: { code: error.code, message: error.message, details: error.details } });
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
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_ERROR',
          message: `Requête invalide (${error.validationContext})`,
          details,
        },
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response does not match its schema');
      return reply.status(500).send({ error: { code: 'INTERNAL_ERROR', message: 'Erreur interne' } });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const code = codeByStatus[status] ?? 'VALIDATION_ERROR';
      const message = status === 429 ? 'Trop de requêtes, réessayez plus tard' : error.message;
      return reply.status(status).send({ error: { code, message } });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', DATABASE_RETRY_AFTER_SECONDS)
        .send({
          error: {
            code: 'SERVICE_UNAVAILABLE',
            message: 'Service momentanément indisponible, réessayez dans quelques secondes',
          },
        });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL_ERROR', message: 'Erreur interne' } });
  });
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  const url = request.url.split('?')[0];
  return reply
    .status(404)
    .send({ error: { code: 'NOT_FOUND', message: `Route ${request.method} ${url} introuvable` } });
}
