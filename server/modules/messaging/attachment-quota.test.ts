import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { type Cast, dossierWithExpert } from './messaging.factories.ts';

const QUOTA = 10_000;
let t: TestApp;
let c: Cast;

beforeAll(async () => {
  t = await startTestApp({ attachmentQuotaBytes: QUOTA });
  c = await dossierWithExpert(t);
  // The admin joins the conversation: a third uploader with an empty quota.
  const joined = await t.request('POST', `/api/conversations/${c.conversationId}/join`, {
    token: c.admin.token,
  });
  expect(joined.status).toBe(200);
});
afterAll(() => t.close());

/** A text file of `size` bytes, uploaded by `token` to the cast's conversation. */
async function upload(token: string, size: number) {
  const form = new FormData();
  form.append('file', new Blob([Buffer.alloc(size, 'a')], { type: 'text/plain' }), 'notes.txt');
  const res = await fetch(`${t.baseUrl}/api/conversations/${c.conversationId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const storedFiles = async (uploaderId: string) =>
  (await t.db.selectFrom('attachments').select('sizeBytes').where('uploaderId', '=', uploaderId).execute())
    .length;

describe('attachment quota per user', () => {
  it('accepts uploads up to the quota, then refuses the one that would pass it with 413 ATTACHMENT_QUOTA_EXCEEDED', async () => {
    expect((await upload(c.client.token, 6_000)).status).toBe(201);
    expect((await upload(c.client.token, 4_000)).status).toBe(201);
    const over = await upload(c.client.token, 1);
    expect(over.status).toBe(413);
    expect(over.body.error).toMatchObject({
      code: 'ATTACHMENT_QUOTA_EXCEEDED',
      details: { quotaBytes: QUOTA, usedBytes: 10_000 },
    });
    expect(await storedFiles(c.client.user.id)).toBe(2);
  });

  it('counts each user apart', async () => {
    expect((await upload(c.expert.token, 9_000)).status).toBe(201);
  });

  it('counts files sent in messages as well as uploads not sent yet', async () => {
    const sent = await upload(c.expert.token, 500);
    expect(sent.status).toBe(201);
    const message = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.expert.token,
      body: { clientKey: randomUUID(), body: 'Voici le fichier', attachmentIds: [sent.body.id] },
    });
    expect(message.status, JSON.stringify(message.body)).toBe(201);
    // 9,000 unsent + 500 sent: 600 more would pass 10,000.
    const next = await upload(c.expert.token, 600);
    expect(next.status).toBe(413);
    expect(next.body.error).toMatchObject({
      code: 'ATTACHMENT_QUOTA_EXCEEDED',
      details: { usedBytes: 9_500 },
    });
  });

  it('holds against parallel uploads: together they cannot pass the quota', async () => {
    const statuses = await Promise.all(Array.from({ length: 5 }, () => upload(c.admin.token, 4_000)));
    expect(statuses.map((r) => r.status).sort()).toEqual([201, 201, 413, 413, 413]);
    expect(await storedFiles(c.admin.user.id)).toBe(2);
  });
});
