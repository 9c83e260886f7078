import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** API answers smaller than this are sent as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

const JSON_TYPE = /^application\/json(;|$)/;
const HTML_TYPE = /^text\/html(;|$)/;

/**
 * Compresses the API's JSON answers and the pages the server renders with their data from 1 KB (brotli at a fast
 * level, else gzip). Only those: the files the API streams (attachments: images, PDFs and office files are
 * compressed already, and a download keeps its length), the web client's files (compressed once at build, see
 * static-client.ts) and Socket.IO (outside Fastify's routes) are left alone. Registered before the routes, which it hooks as they are added.
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
    const type = String(reply.getHeader('content-type') ?? '');
    // HTML built for this answer (a page rendered with its data), not a file sent from the build.
    const renderedHtml = HTML_TYPE.test(type) && typeof payload === 'string';
    if (!JSON_TYPE.test(type) && !renderedHtml) request.headers['x-no-compression'] = 'json-only';
    return payload;
  });
}
