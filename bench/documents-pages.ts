/**
 * The extracted text of every generated version, page by page (about 3 KB a page): a header line (company, SIREN,
 * title, the document's reference, page number), then sentences of French words drawn by documents-vocabulary.ts,
 * with amounts, dates and rates among them. Written by two connections at once in batches of a few MB; the search
 * indexes of document_pages are dropped during the load and built once after it.
 */
import { sql } from 'kysely';
import type { Db, Executor } from '../server/db/pool.ts';
import { documentReference, indexOfBenchId, kindOfBenchId } from './documents-ids.ts';
import { drawWord } from './documents-vocabulary.ts';

const PAGE_CHARS = 2850;
const BATCH_BYTES = 4 * 1024 * 1024;
const WRITERS = 2;

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

type VersionRow = {
  id: string;
  documentId: string;
  dossierId: string;
  pageCount: number;
  title: string;
  company: string;
  siren: string;
};

/** A small fast generator of [0, 1) numbers from a seed (mulberry32): the same text for the same version. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function numberToken(random: () => number): string {
  const u = random();
  if (u < 0.5)
    return `${Math.floor(random() * 20000)},${String(Math.floor(random() * 100)).padStart(2, '0')} €`;
  if (u < 0.8) {
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    return `${day}/${month}/${2022 + Math.floor(random() * 4)}`;
  }
  return `${Math.floor(random() * 100)} %`;
}

/** A page: the header line, then sentences until about PAGE_CHARS characters. */
export function pageText(random: () => number, header: string): string {
  const parts = [header, '\n'];
  let length = header.length;
  while (length < PAGE_CHARS) {
    const words = 6 + Math.floor(random() * 13);
    let sentence = '';
    for (let w = 0; w < words; w++) {
      const token = random() < 0.05 ? numberToken(random) : drawWord(random);
      sentence += w === 0 ? token[0]!.toUpperCase() + token.slice(1) : ` ${token}`;
    }
    sentence += random() < 0.15 ? '.\n' : '. ';
    parts.push(sentence);
    length += sentence.length;
  }
  return parts.join('');
}

function* batches(versions: VersionRow[]) {
  const empty = () => ({
    ids: [] as string[],
    dossiers: [] as string[],
    pages: [] as number[],
    texts: [] as string[],
    bytes: 0,
  });
  let batch = empty();
  for (const v of versions) {
    const reference = documentReference(indexOfBenchId(v.documentId));
    const random = seeded(indexOfBenchId(v.id) * 16 + kindOfBenchId(v.id));
    for (let page = 1; page <= v.pageCount; page++) {
      const header = `${v.company} — SIREN ${v.siren} — ${v.title} — Réf. ${reference} — Page ${page}/${v.pageCount}`;
      const text = pageText(random, header);
      batch.ids.push(v.id);
      batch.dossiers.push(v.dossierId);
      batch.pages.push(page);
      batch.texts.push(text);
      batch.bytes += Buffer.byteLength(text);
    }
    if (batch.bytes >= BATCH_BYTES) {
      yield batch;
      batch = empty();
    }
  }
  if (batch.ids.length) yield batch;
}

/** The secondary indexes of document_pages (search), by name, with their definitions. */
export async function secondaryPageIndexes(db: Executor): Promise<{ name: string; definition: string }[]> {
  const { rows } = await sql<{ name: string; definition: string }>`
    SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition
    FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
    WHERE x.indrelid = 'document_pages'::regclass AND NOT x.indisprimary AND NOT x.indisunique
    ORDER BY c.relname`.execute(db);
  return rows;
}

/**
 * Drops the secondary indexes of document_pages (search), their definitions kept in a table until they are built
 * again: a generation interrupted in between (a killed process) must not leave the next one without them.
 */
export async function dropPageIndexes(db: Db): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS bench_dropped_page_indexes (name text PRIMARY KEY, definition text NOT NULL)`.execute(
    db,
  );
  await db.transaction().execute(async (trx) => {
    for (const index of await secondaryPageIndexes(trx)) {
      await sql`INSERT INTO bench_dropped_page_indexes VALUES (${index.name}, ${index.definition})`.execute(
        trx,
      );
      await sql`DROP INDEX ${sql.id(index.name)}`.execute(trx);
    }
  });
}

/** Builds the indexes `dropPageIndexes` dropped (this run's and any an interrupted run left), answers how many. */
export async function buildPageIndexes(db: Db): Promise<number> {
  const { rows } = await sql<{ name: string; definition: string }>`
    SELECT name, definition FROM bench_dropped_page_indexes ORDER BY name`.execute(db);
  await db.connection().execute(async (connection) => {
    await sql`SET maintenance_work_mem = '2GB'`.execute(connection);
    for (const index of rows) {
      await connection.transaction().execute(async (trx) => {
        await sql.raw(index.definition).execute(trx);
        await sql`DELETE FROM bench_dropped_page_indexes WHERE name = ${index.name}`.execute(trx);
      });
    }
  });
  return rows.length;
}

export async function insertPages(db: Db): Promise<{ textBytes: number; pages: number; versions: number }> {
  const versions = await sql<VersionRow>`
    SELECT v.id, v.document_id AS "documentId", v.dossier_id AS "dossierId", v.page_count AS "pageCount", d.title, c.name AS company, c.siren
    FROM document_versions v
    JOIN documents d ON d.id = v.document_id
    JOIN dossiers o ON o.id = v.dossier_id
    JOIN companies c ON c.id = o.company_id
    ORDER BY v.id`.execute(db);
  await dropPageIndexes(db);
  const source = batches(versions.rows);
  const totals = { textBytes: 0, pages: 0, versions: versions.rows.length };
  const started = Date.now();
  const writer = async () => {
    for (let next = source.next(); !next.done; next = source.next()) {
      const { ids, dossiers, pages, texts, bytes } = next.value;
      await sql`INSERT INTO document_pages (version_id, dossier_id, page, text)
        SELECT * FROM unnest(${ids}::uuid[], ${dossiers}::uuid[], ${pages}::int[], ${texts}::text[])`.execute(
        db,
      );
      totals.textBytes += bytes;
      totals.pages += ids.length;
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `\r  pages: ${totals.pages} (${mb(totals.textBytes)} MB of text, ${Math.round(mb(totals.textBytes) / seconds)} MB/s)`,
      );
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  process.stdout.write('\n  building the search indexes…\n');
  console.log(`  ${await buildPageIndexes(db)} built.`);
  await sql`VACUUM ANALYZE`.execute(db);
  return totals;
}
