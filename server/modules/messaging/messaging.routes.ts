import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../common/errors.ts';
import {
  attachment,
  conversation,
  conversationList,
  createConversationInput,
  editMessageInput,
  historyQuery,
  message,
  messageEdit,
  messagePage,
  readInput,
  readResult,
  searchQuery,
  searchResults,
  sendMessageInput,
  unreadSummary,
} from '../../../common/messaging.ts';
import { pageQuery } from '../../../common/pagination.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { receiveUpload } from '../../platform/multipart-upload.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { Messaging } from './messaging.services.ts';

const errors = { ...errorResponses, 413: errorBody, 415: errorBody, 429: errorBody };

const sendResult = z.object({ message, duplicate: z.boolean() });

export const messagingRoutes: FastifyPluginAsyncZod<{
  messaging: Messaging;
  attachmentMaxBytes: number;
}> = async (app, { messaging: { conversations, messages, search, attachments }, attachmentMaxBytes }) => {
  await app.register(fastifyMultipart, {
    // One file per request; the size is enforced while streaming (413), one byte more lets that check see it.
    limits: { files: 1, fields: 5, fileSize: attachmentMaxBytes + 1, fieldSize: 1024, parts: 6 },
  });

  app.get(
    '/api/conversations',
    {
      schema: { tags: ['messaging'], querystring: pageQuery, response: { 200: conversationList, ...errors } },
    },
    async (request) => conversations.list(currentUser(request), request.query),
  );

  app.post(
    '/api/conversations',
    {
      schema: {
        tags: ['messaging'],
        body: createConversationInput,
        response: { 200: conversation, 201: conversation, ...errors },
      },
    },
    async (request, reply) => {
      const result = await conversations.createDirect(currentUser(request), request.body.userId);
      reply.status(result.created ? 201 : 200);
      return result.conversation;
    },
  );

  app.get(
    '/api/conversations/unread',
    { schema: { tags: ['messaging'], response: { 200: unreadSummary, ...errors } } },
    async (request) => conversations.unread(currentUser(request)),
  );

  app.get(
    '/api/conversations/:id',
    { schema: { tags: ['messaging'], params: idParams, response: { 200: conversation, ...errors } } },
    async (request) => conversations.get(currentUser(request), request.params.id),
  );

  app.get(
    '/api/dossiers/:id/conversation',
    { schema: { tags: ['messaging'], params: idParams, response: { 200: conversation, ...errors } } },
    async (request) => conversations.forDossier(currentUser(request), request.params.id),
  );

  app.post(
    '/api/conversations/:id/join',
    {
      config: { access: ['admin'] },
      schema: { tags: ['messaging'], params: idParams, response: { 200: conversation, ...errors } },
    },
    async (request) => conversations.join(currentUser(request), request.params.id),
  );

  app.get(
    '/api/conversations/:id/messages',
    {
      schema: {
        tags: ['messaging'],
        params: idParams,
        querystring: historyQuery,
        response: { 200: messagePage, ...errors },
      },
    },
    async (request) => messages.history(currentUser(request), request.params.id, request.query),
  );

  app.post(
    '/api/conversations/:id/messages',
    {
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
      schema: {
        tags: ['messaging'],
        params: idParams,
        body: sendMessageInput,
        response: { 200: sendResult, 201: sendResult, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const sender = await messages.personOf(user.id);
      const result = await messages.send(sender, request.params.id, request.body);
      reply.status(result.duplicate ? 200 : 201);
      return result;
    },
  );

  app.post(
    '/api/conversations/:id/read',
    {
      schema: {
        tags: ['messaging'],
        params: idParams,
        body: readInput,
        response: { 200: readResult, ...errors },
      },
    },
    async (request) => messages.markRead(currentUser(request), request.params.id, request.body.seq),
  );

  app.patch(
    '/api/messages/:id',
    {
      schema: {
        tags: ['messaging'],
        params: idParams,
        body: editMessageInput,
        response: { 200: message, ...errors, 410: errorBody },
      },
    },
    async (request) => messages.edit(currentUser(request), request.params.id, request.body.body),
  );

  app.delete(
    '/api/messages/:id',
    { schema: { tags: ['messaging'], params: idParams, response: { 200: message, ...errors } } },
    async (request) => messages.remove(currentUser(request), request.params.id),
  );

  app.get(
    '/api/messages/:id/edits',
    {
      schema: {
        tags: ['messaging'],
        params: idParams,
        response: { 200: z.array(messageEdit), ...errors, 410: errorBody },
      },
    },
    async (request) => messages.editHistory(currentUser(request), request.params.id),
  );

  app.get(
    '/api/messages/search',
    {
      schema: { tags: ['messaging'], querystring: searchQuery, response: { 200: searchResults, ...errors } },
    },
    async (request) => search.search(currentUser(request), request.query),
  );

  app.post(
    '/api/conversations/:id/attachments',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['messaging'],
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: attachment, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const created = await receiveUpload(request, attachmentMaxBytes, (file, stream) =>
        attachments.upload(user, request.params.id, { filename: file.filename, stream }),
      );
      reply.status(201);
      return created;
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      schema: {
        tags: ['messaging'],
        params: idParams,
        querystring: z.object({ inline: z.enum(['0', '1']).optional() }),
      },
    },
    async (request, reply) => {
      const { attachment, stream, size } = await attachments.download(
        currentUser(request),
        request.params.id,
      );
      // Images may show in the page; everything else downloads. Either way nothing served here can run script.
      const inline = request.query.inline === '1' && attachment.mimeType.startsWith('image/');
      const encoded = encodeURIComponent(attachment.filename);
      const ascii = attachment.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      reply
        .header('content-type', attachment.mimeType)
        .header('content-length', size)
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, max-age=3600');
      return reply.send(stream);
    },
  );
};
