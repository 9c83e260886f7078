/** Search inside documents: French words inside files and in names, filters, pages, and only what the caller may read. */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDetail, DocumentSearchHit } from '../../../common/documents.ts';
import { pdfFile, textFile } from '../../../tests/support/document-files.ts';
import { login, type Session } from '../../../tests/support/factories.ts';
import { type DocumentCast, documentCast, documentsTestApp, uploaded } from './documents.factories.ts';
import { extractDocumentText } from './extraction.jobs.ts';

const { t } = documentsTestApp();
let c: DocumentCast;
beforeAll(async () => {
  c = await documentCast(t);
});

/** Uploads to the cast's dossier and extracts the text at once. */
async function indexed(
  bytes: Buffer,
  filename: string,
  options: { category?: string; documentId?: string } = {},
) {
  const doc = await uploaded(t, c.client, c.dossierId, bytes, filename, { category: 'other', ...options });
  await t.app.services.jobs.runNow(extractDocumentText, { versionId: doc.currentVersion.id });
  return doc;
}

async function search(query: Record<string, string | number>, who: Session = c.client) {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await t.request('GET', `/api/documents/search?${params}`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: DocumentSearchHit[]; nextCursor: string | null };
}

async function signedInAgain(cast: DocumentCast): Promise<DocumentCast> {
  const again = (who: Session) => login(t, who.user.email);
  const [admin, client, expert, outsider, otherExpert] = await Promise.all(
    [cast.admin, cast.client, cast.expert, cast.outsider, cast.otherExpert].map(again),
  );
  return {
    ...cast,
    admin: admin!,
    client: client!,
    expert: expert!,
    outsider: outsider!,
    otherExpert: otherExpert!,
  };
}

const ids = (hits: { items: DocumentSearchHit[] }) => hits.items.map((h) => h.document.id);

describe('finding words inside documents', () => {
  it('finds a word that is only inside the file, with its page and the word marked', async () => {
    const doc = await indexed(
      await pdfFile([
        'Sommaire du dossier',
        'Le remboursement de la taxe sur le gazole est attendu',
        'Annexes',
      ]),
      'dossier.pdf',
    );
    const hits = await search({ q: 'gazole' });
    expect(hits.items).toEqual([
      {
        document: expect.objectContaining({ id: doc.id, title: 'dossier.pdf' }),
        match: 'content',
        page: 2,
        snippet: 'remboursement de la taxe sur le <mark>gazole</mark> est attendu',
      },
    ]);
  });

  it('matches French words whatever their accents and plural', async () => {
    const doc = await indexed(textFile('Les déclarations trimestrielles sont déposées.'), 'depot.txt');
    const hit = (await search({ q: 'declaration' })).items.find((h) => h.document.id === doc.id);
    expect(hit?.snippet).toBe('<mark>déclarations</mark> trimestrielles sont déposées');
  });

  it('escapes everything in a snippet but its marks', async () => {
    await indexed(textFile('Note <img src=x onerror=alert(1)> & "citation" l\'hélicoptère'), 'note.txt');
    const [hit] = (await search({ q: 'hélicoptère' })).items;
    expect(hit?.snippet).toContain('<mark>hélicoptère</mark>');
    expect(hit?.snippet).toContain('&amp; &quot;citation&quot; l&#39;');
    expect(hit?.snippet?.replaceAll(/<\/?mark>/g, '')).not.toMatch(/[<>"']/);
  });

  it('searches the current version only', async () => {
    const first = await indexed(textFile('Version périmée du bail'), 'bail.txt');
    await indexed(textFile('Version signée du bail'), 'bail-signe.txt', { documentId: first.id });
    expect(ids(await search({ q: 'périmée' }))).toEqual([]);
    expect(ids(await search({ q: 'signée bail' }))).toEqual([first.id]);
  });
});

describe('finding documents by name', () => {
  it('finds a word of the file name, marked in the name as it is', async () => {
    const doc = await indexed(textFile('Sans rapport'), 'kbis_societe-nouvelle.txt');
    const hits = await search({ q: 'societe' });
    expect(hits.items).toEqual([
      expect.objectContaining({
        match: 'name',
        page: null,
        snippet: 'kbis_<mark>societe</mark>-nouvelle.txt',
      }),
    ]);
    expect(ids(hits)).toEqual([doc.id]);
  });

  it('finds the documents of a category by its French name', async () => {
    const doc = await indexed(textFile('Carte W garage'), 'carte.txt', { category: 'vehicle_registrations' });
    const hits = await search({ q: 'cartes grises' });
    expect(hits.items).toEqual([
      expect.objectContaining({ match: 'name', snippet: '<mark>Cartes</mark> <mark>grises</mark>' }),
    ]);
    expect(ids(hits)).toEqual([doc.id]);
  });

  it('finds the category by name for an admin as well, among every dossier', async () => {
    const doc = await indexed(textFile('Plan du rez-de-chaussée'), 'plan.txt', {
      category: 'premises_plans',
    });
    expect(ids(await search({ q: 'plans locaux' }, c.admin))).toEqual([doc.id]);
  });
});

describe('filters and pages', () => {
  let docs: DocumentDetail[];
  beforeAll(async () => {
    docs = [];
    for (const [i, category] of [
      'fuel_invoices',
      'fuel_invoices',
      'payslips',
      'fuel_invoices',
      'payslips',
    ].entries()) {
      t.clock.advance(24 * 3600_000);
      // A day passed ends the sessions: everyone signs in again.
      c = await signedInAgain(c);
      docs.push(
        await indexed(textFile(`Pièce justificative numéro ${i} du trimestre`), `piece-${i}.txt`, {
          category,
        }),
      );
    }
  });
  const newestFirst = () => docs.map((d) => d.id).reverse();

  it('lists the caller’s documents newest first without words', async () => {
    const listed = ids(await search({ limit: 100 }));
    expect(listed.filter((id) => newestFirst().includes(id))).toEqual(newestFirst());
  });

  it('pages through the hits with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { q: 'justificative', limit: 2 };
      if (cursor) query.cursor = cursor;
      const hits = await search(query);
      expect(hits.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(hits));
      cursor = hits.nextCursor;
    } while (cursor);
    expect(seen).toEqual(newestFirst());
  });

  it('filters by category', async () => {
    const hits = await search({ q: 'justificative', category: 'payslips' });
    expect(ids(hits)).toEqual([docs[4]!.id, docs[2]!.id]);
  });

  it('filters by review status', async () => {
    const approved = await t.request(
      'POST',
      `/api/documents/${docs[1]!.id}/versions/${docs[1]!.currentVersion.id}/review`,
      {
        token: c.expert.token,
        body: { decision: 'approved' },
      },
    );
    expect(approved.status).toBe(200);
    expect(ids(await search({ q: 'justificative', status: 'approved' }))).toEqual([docs[1]!.id]);
  });

  it('filters by upload date, both days included', async () => {
    const day = (d: DocumentDetail) => d.currentVersion.createdAt.slice(0, 10);
    const hits = await search({ q: 'justificative', from: day(docs[1]!), to: day(docs[3]!) });
    expect(ids(hits).sort()).toEqual([docs[1]!.id, docs[2]!.id, docs[3]!.id].sort());
  });

  it('filters by dossier', async () => {
    expect(ids(await search({ q: 'justificative', dossierId: c.dossierId }))).toHaveLength(5);
  });
});

describe('who finds what', () => {
  let doc: DocumentDetail;
  beforeAll(async () => {
    doc = await indexed(textFile('Attestation de régularité fiscale confidentielle'), 'attestation.txt');
  });

  it('lets the dossier’s client, its expert and an admin find it', async () => {
    for (const who of [c.client, c.expert, c.admin])
      expect(ids(await search({ q: 'confidentielle' }, who))).toEqual([doc.id]);
  });

  it('shows no hit to another client or an expert not assigned, even asking for the dossier', async () => {
    for (const who of [c.outsider, c.otherExpert]) {
      expect((await search({ q: 'confidentielle' }, who)).items).toEqual([]);
      expect((await search({ q: 'confidentielle', dossierId: c.dossierId }, who)).items).toEqual([]);
      expect((await search({ dossierId: c.dossierId }, who)).items).toEqual([]);
    }
  });

  it('answers an anonymous caller 401', async () => {
    expect((await t.request('GET', '/api/documents/search?q=confidentielle')).status).toBe(401);
  });
});

describe('words found in many documents', () => {
  /** Pages 2 to count + 1 of the document's current version, each the text and its number. */
  const morePages = (doc: DocumentDetail, count: number, text: string) =>
    sql`INSERT INTO document_pages (version_id, page, text, dossier_id)
      SELECT ${doc.currentVersion.id}, n, ${text} || ' ' || n, ${c.dossierId}
      FROM generate_series(2, ${count + 1}::int) n`.execute(t.db);

  it('walks the newest documents when a word has too many matches to sort', async () => {
    const older = await indexed(textFile('Ordinaire'), 'ancien.txt');
    t.clock.advance(1000);
    const newer = await indexed(textFile('Ordinaire encore'), 'recent.txt');
    // More matching pages than the word index lists before the search walks instead (5,000).
    await morePages(older, 5100, 'ordinaire page');
    const hits = await search({ q: 'ordinaire' });
    expect(ids(hits)).toEqual([newer.id, older.id]);
    expect(hits.items[1]).toMatchObject({ match: 'content', page: 1 });
  });

  it('walks the newest documents of the caller’s dossiers, page after page, when the word is on most of their pages', async () => {
    const oldest = await indexed(textFile('Relevé fréquentiel'), 'releve-1.txt');
    t.clock.advance(1000);
    const unrelated = await indexed(textFile('Autre sujet'), 'autre.txt');
    t.clock.advance(1000);
    const middle = await indexed(textFile('Un relevé fréquentiel encore'), 'releve-2.txt');
    t.clock.advance(1000);
    const newest = await indexed(textFile('Dernier relevé fréquentiel'), 'releve-3.txt');
    await morePages(oldest, 3000, 'fréquentiel');
    // The statistics now say the word is on most pages; the search reads them again once they are 10 minutes old.
    await sql`ANALYZE document_pages`.execute(t.db);
    t.clock.advance(11 * 60_000);
    const first = await search({ q: 'fréquentiel', limit: 2 });
    expect(ids(first)).toEqual([newest.id, middle.id]);
    const second = await search({ q: 'fréquentiel', limit: 2, cursor: first.nextCursor! });
    expect(ids(second)).toEqual([oldest.id]);
    expect(second.nextCursor).toBeNull();
    expect(ids(await search({ q: 'fréquentiel' }))).not.toContain(unrelated.id);
  });
});

describe('odd queries', () => {
  it.each([
    ["') OR 1=1 --"],
    ['"déclaration'],
    ['a & b | !c <-> d:*'],
    ['!!!&&&|||'],
    ['\\\\ %_ \u0000'],
    ['x'.repeat(200)],
    ['mot '.repeat(50)],
  ])('answers %j without an error', async (q) => {
    const res = await t.request('GET', `/api/documents/search?q=${encodeURIComponent(q)}`, {
      token: c.client.token,
    });
    expect([200, 400]).toContain(res.status);
  });

  it('refuses a query of more than 200 characters', async () => {
    const res = await t.request('GET', `/api/documents/search?q=${'x'.repeat(201)}`, {
      token: c.client.token,
    });
    expect(res.status).toBe(400);
  });
});
