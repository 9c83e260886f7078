import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBodyOf } from './error-body.ts';

/** Every error leaves as `{error: {code, message, details?}}`; a 5xx never shows its internals. */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body, retryAfterSeconds, log } = errorBodyOf(error);
    if (log) request.log[log.level]({ err: error }, log.message);
    if (retryAfterSeconds !== undefined) reply.header('retry-after', retryAfterSeconds);
    return reply.status(status).send(body);
  });
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  const url = request.url.split('?')[0];
  return reply
    .status(404)
    .send({ error: { code: 'NOT_FOUND', message: `Route ${request.method} ${url} introuvable` } });
}
