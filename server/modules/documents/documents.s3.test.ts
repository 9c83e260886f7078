/** Documents on S3-compatible storage (a real s3rver), encrypted at rest: the round trip through the API. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Server, s3Settings, startS3Server } from '../../../tests/support/s3-server.ts';
import { forwardTo, startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { contentUrl, documentCast, download, pngFile, uploaded } from './documents.factories.ts';

let server: S3Server | undefined;
let app: TestApp | undefined;
beforeAll(async () => {
  server = await startS3Server();
  app = await startTestApp({
    storage: { dataDir: server.directory, s3: s3Settings(server), masterKey: randomBytes(32), encrypt: true },
  });
});
afterAll(async () => {
  await app?.close();
  await server?.stop();
});
const t = forwardTo(() => app);

describe('documents on S3, encrypted', () => {
  it('serves back exactly the bytes uploaded, stored encrypted', async () => {
    const c = await documentCast(t);
    const bytes = pngFile(300 * 1024);
    const doc = await uploaded(t, c.client, c.dossierId, bytes, 'photo.png');
    const res = await download(t, c.expert, contentUrl(doc, doc.currentVersion.id));
    expect([res.status, res.bytes.equals(bytes)]).toEqual([200, true]);
    const row = await t.db
      .selectFrom('documentVersions')
      .select(['encrypted', 'sizeBytes'])
      .where('id', '=', doc.currentVersion.id)
      .executeTakeFirstOrThrow();
    expect([row.encrypted, Number(row.sizeBytes)]).toEqual([true, bytes.length]);
  });
});
