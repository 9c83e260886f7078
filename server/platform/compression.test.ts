/** Compression of the API's answers: JSON from the threshold up, never a file download nor the sockets. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { messagingTestApp } from '../modules/messaging/messaging.factories.ts';
import { COMPRESSION_THRESHOLD_BYTES } from './compression.ts';

const { t, cast, open, upload } = messagingTestApp();

const get = (url: string, token?: string, acceptEncoding = 'br, gzip') =>
  fetch(`${t.baseUrl}${url}`, {
    headers: { 'accept-encoding': acceptEncoding, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

describe('compression of the API’s answers', () => {
  it('compresses a JSON answer above the threshold in brotli, or gzip, and varies on Accept-Encoding', async () => {
    const br = await get('/api/openapi.json');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    const document = (await br.json()) as { openapi: string };
    expect(document.openapi).toMatch(/^3\./);
    const gzip = await get('/api/openapi.json', undefined, 'gzip');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(((await gzip.json()) as { openapi: string }).openapi).toBe(document.openapi);
  });

  it('sends a small JSON answer as it is', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    expect(res.headers.get('content-encoding')).toBeNull();
  });

  it('streams an attachment as it is, with its length, even a large text file', async () => {
    const c = await cast();
    const text = Buffer.from('Relevé;Montant\n'.repeat(2000));
    const up = await upload(c.client.token, c.conversationId, text, 'releve.csv', 'text/csv');
    expect(up.status).toBe(201);
    await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: '', attachmentIds: [up.body.id] },
    });
    const res = await get(`/api/attachments/${up.body.id}`, c.expert.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(Number(res.headers.get('content-length'))).toBe(text.length);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(text);
  });

  it('leaves the sockets working', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    expect(socket.connected).toBe(true);
  });
});
