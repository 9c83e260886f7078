import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { dossierWithExpert } from './messaging.factories.ts';
import { purgeUnsentUploads } from './messaging.jobs.ts';

let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ft-messaging-jobs-'));
  t = await startTestApp({ dataDir });
});
afterAll(async () => {
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const HOUR = 3_600_000;

async function upload(who: Session, conversationId: string, name: string) {
  const actor = { id: who.user.id, role: who.user.role, companyId: who.user.company?.id ?? null };
  const attachment = await t.app.services.messaging.attachments.upload(actor, conversationId, {
    filename: name,
    stream: Readable.from([Buffer.from('date;montant\n2025-01-01;12,50\n')]),
  });
  const row = await t.db
    .selectFrom('attachments')
    .select('storageKey')
    .where('id', '=', attachment.id)
    .executeTakeFirstOrThrow();
  return { id: attachment.id, key: row.storageKey };
}

describe('purgeUnsentUploads', () => {
  it('removes uploads never sent after a day by the clock, with their files; keeps sent and younger ones', async () => {
    const c = await dossierWithExpert(t);
    const abandoned = await upload(c.client, c.conversationId, 'brouillon.csv');
    const sent = await upload(c.client, c.conversationId, 'envoye.csv');
    const res = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: 'voici', attachmentIds: [sent.id] },
    });
    expect(res.status).toBe(201);
    t.clock.advance(2 * HOUR);
    const younger = await upload(c.client, c.conversationId, 'recent.csv');
    t.clock.advance(23 * HOUR); // the first ones are 25 h old, the younger one 23 h

    await t.app.services.jobs.runNow(purgeUnsentUploads, {});
    const left = await t.db.selectFrom('attachments').select('id').execute();
    expect(left.map((a) => a.id).sort()).toEqual([sent.id, younger.id].sort());
    await expect(t.app.services.storage.get(abandoned.key)).rejects.toMatchObject({ status: 404 });
    await expect(t.app.services.storage.get(sent.key)).resolves.toBeDefined();
    await expect(t.app.services.storage.get(younger.key)).resolves.toBeDefined();

    // Again: nothing more to do, nothing breaks.
    await t.app.services.jobs.runNow(purgeUnsentUploads, {});
    expect(await t.db.selectFrom('attachments').select('id').execute()).toHaveLength(2);
  });

  it('is scheduled every hour', () => {
    expect(purgeUnsentUploads.cron?.schedule).toBe('17 * * * *');
  });
});
