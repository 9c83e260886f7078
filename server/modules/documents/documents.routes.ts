import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accessLogEntry,
  deleteDocumentInput,
  documentDetail,
  dossierDocuments,
  reviewInput,
  signedLink,
  uploadFields,
} from '../../../common/documents.ts';
import { errorBody } from '../../../common/errors.ts';
import { page, pageQuery } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { receiveUpload } from '../../platform/multipart-upload.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { DocumentDownloadsService, Requester, ServedFile } from './document-downloads.service.ts';
import type { DocumentRemovalService } from './document-removal.service.ts';
import type { DocumentsService } from './documents.service.ts';

const errors = { ...errorResponses, 413: errorBody, 415: errorBody, 429: errorBody };
const versionParams = z.object({ id: z.string().uuid(), versionId: z.string().uuid() });
const dispositionQuery = z.object({ disposition: z.enum(['inline', 'attachment']).default('attachment') });
const uploadFieldNames = ['category', 'documentId', 'requestId', 'comment'] as const;

/** The upload's fields, sent before the file (those after it are not seen: the file is streamed as it comes). */
function fieldsOf(file: MultipartFile) {
  const values: Record<string, string> = {};
  for (const name of uploadFieldNames) {
    const field = file.fields[name];
    if (field && !Array.isArray(field) && field.type === 'field') values[name] = String(field.value);
  }
  return uploadFields.parse(values);
}

const requesterOf = (request: FastifyRequest): Requester => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent'] ?? null,
});

/** RFC 6266 / 5987: an ASCII fallback name, and the exact name in UTF-8. */
function contentDisposition(inline: boolean, filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a version's bytes. Nothing served here is ever read as another type (nosniff) or runs script: a download,
 * or an image shown inline, is sandboxed; an inline PDF is not (browsers' PDF viewers refuse sandboxed documents)
 * but may load nothing and be framed only by the app itself.
 */
function sendFile(reply: FastifyReply, file: ServedFile) {
  const text = file.mimeType.startsWith('text/');
  const framedPdf = file.inline && file.mimeType === 'application/pdf';
  return reply
    .header('content-type', text ? `${file.mimeType}; charset=utf-8` : file.mimeType)
    .header('content-length', file.size)
    .header('content-disposition', contentDisposition(file.inline, file.filename))
    .header('etag', `"${file.sha256}"`)
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      framedPdf
        ? "default-src 'none'; frame-ancestors 'self'"
        : "default-src 'none'; frame-ancestors 'self'; sandbox",
    )
    .header('cache-control', 'private, no-cache')
    .send(file.stream);
}

export type DocumentsRoutesOptions = {
  documents: DocumentsService;
  downloads: DocumentDownloadsService;
  removal: DocumentRemovalService;
  documentMaxBytes: number;
};

export const documentsRoutes: FastifyPluginAsyncZod<DocumentsRoutesOptions> = async (
  app,
  { documents, downloads, removal, documentMaxBytes },
) => {
  await app.register(fastifyMultipart, {
    // One file per request; the size is enforced while streaming (413), one byte more lets that check see it.
    limits: { files: 1, fields: 8, fileSize: documentMaxBytes + 1, fieldSize: 8 * 1024, parts: 9 },
  });

  app.get(
    '/api/dossiers/:id/documents',
    { schema: { tags: ['documents'], params: idParams, response: { 200: dossierDocuments, ...errors } } },
    async (request) => documents.ofDossier(currentUser(request), request.params.id),
  );

  app.post(
    '/api/dossiers/:id/documents',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['documents'],
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: documentDetail, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const created = await receiveUpload(request, documentMaxBytes, (file, stream) =>
        documents.upload(user, request.params.id, fieldsOf(file), { filename: file.filename, stream }),
      );
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/documents/:id',
    { schema: { tags: ['documents'], params: idParams, response: { 200: documentDetail, ...errors } } },
    async (request) => documents.get(currentUser(request), request.params.id),
  );

  app.get(
    '/api/documents/:id/versions/:versionId/content',
    { schema: { tags: ['documents'], params: versionParams, querystring: dispositionQuery } },
    async (request, reply) => {
      const { id, versionId } = request.params;
      const file = await downloads.open(
        currentUser(request),
        id,
        versionId,
        request.query.disposition,
        requesterOf(request),
      );
      return sendFile(reply, file);
    },
  );

  app.post(
    '/api/documents/:id/versions/:versionId/link',
    {
      schema: {
        tags: ['documents'],
        params: versionParams,
        querystring: dispositionQuery,
        response: { 200: signedLink, ...errors },
      },
    },
    async (request) =>
      downloads.link(
        currentUser(request),
        request.params.id,
        request.params.versionId,
        request.query.disposition,
      ),
  );

  app.get(
    '/api/document-links/:token',
    {
      config: { access: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: { tags: ['documents'], params: z.object({ token: z.string().max(200) }) },
    },
    async (request, reply) =>
      sendFile(reply, await downloads.openLink(request.params.token, requesterOf(request))),
  );

  app.post(
    '/api/documents/:id/versions/:versionId/review',
    {
      schema: {
        tags: ['documents'],
        params: versionParams,
        body: reviewInput,
        response: { 200: documentDetail, ...errors },
      },
    },
    async (request) =>
      documents.review(currentUser(request), request.params.id, request.params.versionId, request.body),
  );

  app.delete(
    '/api/documents/:id',
    {
      schema: {
        tags: ['documents'],
        params: idParams,
        body: deleteDocumentInput.nullish(),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await removal.delete(currentUser(request), request.params.id, request.body?.reason);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/documents/:id/access-log',
    {
      schema: {
        tags: ['documents'],
        params: idParams,
        querystring: pageQuery,
        response: { 200: page(accessLogEntry), ...errors },
      },
    },
    async (request) => downloads.accessLog(currentUser(request), request.params.id, request.query),
  );
};
