/** Attachments: upload, typing by content, limits, download, purge. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { messagingTestApp, nextEvent, PNG } from './messaging.factories.ts';

const MAX_UPLOAD = 64 * 1024;
const { t, open, upload, cast } = messagingTestApp({ attachmentMaxBytes: MAX_UPLOAD });

describe('attachments', () => {
  it('stream to storage, are typed by content, carried by a message and downloadable by participants', async () => {
    const c = await cast();
    const expert = await open(c.expert.token);
    const up = await upload(c.client.token, c.conversationId, PNG, 'carte grise.pdf', 'application/pdf');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      filename: 'carte grise.pdf',
      mimeType: 'image/png',
      sizeBytes: PNG.length,
    });
    // Not yet sent: only its uploader can fetch it.
    expect((await t.request('GET', `/api/attachments/${up.body.id}`, { token: c.expert.token })).status).toBe(
      404,
    );

    const arrives = nextEvent(expert, 'message:new');
    const sent = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: '', attachmentIds: [up.body.id] },
    });
    expect(sent.status).toBe(201);
    expect((await arrives).attachments).toEqual([up.body]);
    const res = await fetch(`${t.baseUrl}/api/attachments/${up.body.id}`, {
      headers: { authorization: `Bearer ${c.expert.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toContain('attachment;');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    // It cannot be sent twice.
    const again = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: 'encore', attachmentIds: [up.body.id] },
    });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('ATTACHMENT_UNAVAILABLE');
    const search = await t.request('GET', '/api/messages/search?q=encore&hasAttachment=false', {
      token: c.client.token,
    });
    expect(search.body.items).toEqual([]);

    const text = await upload(
      c.client.token,
      c.conversationId,
      Buffer.from('date;montant\n2025-01-01;12,50\n'),
      'releve.csv',
    );
    expect(text.body.mimeType).toBe('text/csv');
  });

  it('removes uploads that no message carried, with their files', async () => {
    const c = await cast();
    const kept = await upload(c.client.token, c.conversationId, PNG, 'envoyé.png');
    await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: 'voici', attachmentIds: [kept.body.id] },
    });
    const abandoned = await upload(c.client.token, c.conversationId, PNG, 'brouillon.png');
    const row = await t.db
      .selectFrom('attachments')
      .select('storageKey')
      .where('id', '=', abandoned.body.id)
      .executeTakeFirstOrThrow();
    const purged = await t.app.services.messaging.attachments.purgeUnsentAttachments(
      new Date(Date.now() + 60_000),
    );
    expect(purged).toBeGreaterThanOrEqual(1);
    await expect(t.app.services.storage.get(row.storageKey)).rejects.toMatchObject({ status: 404 });
    const left = await t.db
      .selectFrom('attachments')
      .select('id')
      .where('conversationId', '=', c.conversationId)
      .execute();
    expect(left.map((a) => a.id)).toEqual([kept.body.id]);
    const download = await t.request('GET', `/api/attachments/${kept.body.id}`, { token: c.expert.token });
    expect(download.status).toBe(200);
  });

  it('refuses files over the limit (413) and types outside the allow-list whatever their name (415)', async () => {
    const c = await cast();
    const big = Buffer.alloc(MAX_UPLOAD + 10, 0x41);
    const tooBig = await upload(c.client.token, c.conversationId, big, 'gros.txt');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const exe = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
      Buffer.alloc(400),
    ]);
    const disguised = await upload(c.client.token, c.conversationId, exe, 'facture.pdf', 'application/pdf');
    expect(disguised.status).toBe(415);
    expect(disguised.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]);
    expect((await upload(c.client.token, c.conversationId, zip, 'archive.docx')).status).toBe(415);
    const binary = Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x10]);
    expect((await upload(c.client.token, c.conversationId, binary, 'notes.txt')).status).toBe(415);
    const nothingStored = await t.db
      .selectFrom('attachments')
      .select('id')
      .where('conversationId', '=', c.conversationId)
      .execute();
    expect(nothingStored).toEqual([]);
  });
});
