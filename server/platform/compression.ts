import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** API answers smaller than this are sent as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

const JSON_TYPE = /^application\/json(;|$)/;

/**
 * Compresses the API's JSON answers from 1 KB (brotli at a fast level, else gzip). JSON only: the files the API
 * streams (attachments: images, PDFs and office files are compressed already, and a download keeps its length),
 * the web client's files (compressed once at build, see static-client.ts) and Socket.IO (outside Fastify's
 * routes) are left alone. Registered before the routes, which it hooks as they are added.
 */
export async function registerCompression(app: FastifyInstance) {
  await app.register(fastifyCompress, {
    global: true,
    threshold: COMPRESSION_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  // The plugin compresses every type mime-db calls compressible (text/csv attachments too); its own opt-out is
  // the request's x-no-compression header, set here before its hook (a route's hooks run after the app's).
  app.addHook('onSend', async (request, reply, payload) => {
    if (!JSON_TYPE.test(String(reply.getHeader('content-type') ?? '')))
      request.headers['x-no-compression'] = 'json-only';
    return payload;
  });
}
