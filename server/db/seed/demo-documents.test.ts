import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierDocuments } from '../../../common/documents.ts';
import { login, type Session } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { extractDocumentText } from '../../modules/documents/extraction.jobs.ts';
import { demoAccounts, seedDemo } from './demo.ts';
import { seedDemoDocuments } from './demo-documents.ts';

describe('the demo’s documents', () => {
  let t: TestApp;
  let client: Session;
  let seeded: number;
  beforeAll(async () => {
    t = await startTestApp();
    const now = t.clock.now();
    await seedDemo(t.db, { experts: 6, pendingExperts: 1, companies: 12, dossiersPerCompany: 2 }, now);
    seeded = await seedDemoDocuments(t.db, t.app.services.documents, now);
    client = await login(t, demoAccounts.client.email, demoAccounts.client.password);
  }, 120_000);
  afterAll(() => t.close());

  const panels = async () => {
    const dossiers = await t.db.selectFrom('documents').select('dossierId').distinct().execute();
    return Promise.all(
      dossiers.map(
        async ({ dossierId }) =>
          (await t.request('GET', `/api/dossiers/${dossierId}/documents`, { token: client.token }))
            .body as DossierDocuments,
      ),
    );
  };

  it('puts real files in the demo client’s dossiers, readable by the client', async () => {
    expect(seeded).toBeGreaterThan(3);
    const documents = (await panels()).flatMap((p) => p.documents);
    expect(documents.length).toBeGreaterThan(2);
    const first = documents[0]!;
    const res = await fetch(
      `${t.baseUrl}/api/documents/${first.id}/versions/${first.currentVersion.id}/content`,
      { headers: { authorization: `Bearer ${client.token}` } },
    );
    expect(res.status).toBe(200);
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('shows approved documents, a rejected one followed by a new version, and what is asked', async () => {
    const all = await panels();
    const documents = all.flatMap((p) => p.documents);
    expect(documents.some((d) => d.status === 'approved')).toBe(true);
    const redone = documents.find((d) => d.versionCount === 2);
    expect(redone?.status).toBe('pending');
    const requests = all.flatMap((p) => p.requests);
    expect(requests.some((r) => r.status === 'open' && r.dueAt !== null)).toBe(true);
  });

  it('lets the client find a demo document by a word inside it once its text is extracted', async () => {
    const versions = await t.db.selectFrom('documentVersions').select('id').execute();
    for (const { id } of versions) await t.app.services.jobs.runNow(extractDocumentText, { versionId: id });
    const res = await t.request('GET', '/api/documents/search?q=r%C3%A9f%C3%A9rence', {
      token: client.token,
    });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items[0].match).toBe('content');
  });
});
