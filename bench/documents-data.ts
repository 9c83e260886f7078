/**
 * The documents benchmark's data set, generated once per scale and kept (bench/.data/documents): companies with one
 * client each, experts, four dossiers per company (distinct products, some closed), fifty documents per dossier (one
 * in ten with an earlier, rejected version), every version with its extracted text page by page (documents-pages.ts).
 * Set-based SQL with hash-derived values: a scale always gives the same data.
 */
import { sql } from 'kysely';
import { documentCategories } from '../common/document-categories.ts';
import { closingStatuses, dossierStatuses } from '../common/dossier-lifecycle.ts';
import { regions } from '../common/reference.ts';
import { migrate } from '../server/db/migrate.ts';
import type { Db } from '../server/db/pool.ts';
import { seedProducts } from '../server/db/seed/catalog.ts';
import { productDefinitions } from '../server/db/seed/products.ts';
import { companyPlaces, companyWords, firstNames, lastNames } from '../server/db/seed/vocabulary.ts';
import { insertPages, mb } from './documents-pages.ts';
import { createBenchFunctions, insertBenchPeople } from './support.ts';

export type DocumentsScale = { documents: number; dossiers: number; companies: number; experts: number };

/** BENCH_DOCUMENTS=N (default 100,000): 50 documents a dossier, 4 dossiers a company, 1 expert per 1,000 documents. */
export function scaleFromEnv(): DocumentsScale {
  const documents = Number(process.env.BENCH_DOCUMENTS ?? 100_000);
  if (!Number.isInteger(documents) || documents < 200 || documents % 200 !== 0)
    throw new Error('BENCH_DOCUMENTS takes a multiple of 200 (50 documents × 4 dossiers a company)');
  const dossiers = documents / 50;
  return { documents, dossiers, companies: dossiers / 4, experts: Math.max(2, Math.round(documents / 1000)) };
}

export type DataSet = { textBytes: number; pages: number; versions: number; generatedSeconds: number };

export async function ensureData(url: string, db: Db, scale: DocumentsScale): Promise<DataSet> {
  await migrate(url);
  await sql`CREATE TABLE IF NOT EXISTS bench_documents_meta (
    documents integer NOT NULL, text_bytes bigint NOT NULL, pages integer NOT NULL, versions integer NOT NULL,
    generated_seconds real NOT NULL)`.execute(db);
  const meta = await sql<DataSet & { documents: number }>`
    SELECT documents, text_bytes::float8 AS "textBytes", pages, versions, generated_seconds AS "generatedSeconds"
    FROM bench_documents_meta`.execute(db);
  const existing = meta.rows[0];
  if (existing?.documents === scale.documents) {
    console.log(
      `Reusing ${existing.documents} documents, ${existing.pages} pages, ${mb(existing.textBytes)} MB of text.`,
    );
    return existing;
  }
  if (existing) throw new Error('The bench database holds another data set: drop it first.');
  // No meta row: nothing, or a generation that did not finish (start again from nothing).
  await sql`TRUNCATE companies, users CASCADE`.execute(db);
  const started = Date.now();
  console.log(
    `Generating ${scale.documents} documents in ${scale.dossiers} dossiers of ${scale.companies} companies, ` +
      `${scale.experts} experts…`,
  );
  await generateRows(db, scale);
  const pages = await insertPages(db);
  const generatedSeconds = Math.round((Date.now() - started) / 1000);
  await sql`INSERT INTO bench_documents_meta VALUES (${scale.documents}, ${pages.textBytes}, ${pages.pages},
    ${pages.versions}, ${generatedSeconds})`.execute(db);
  console.log(`Generated in ${generatedSeconds} s.`);
  return { ...pages, generatedSeconds };
}

const months = Array.from({ length: 12 }, (_, m) =>
  new Date(2024, m, 15).toLocaleString('fr-FR', { month: 'long' }),
);
// Dossiers with an expert: from expert_assigned on, open, or closed after it (not "not eligible", decided before).
const assignedStatuses = dossierStatuses.slice(dossierStatuses.indexOf('expert_assigned'));
const openStatuses = assignedStatuses.filter((s) => !closingStatuses.includes(s));
const closedStatuses = closingStatuses.filter((s) => s !== 'not_eligible');

// 60 % approved, 25 % pending, 15 % rejected.
const reviewStatus = sql`CASE WHEN b.review < 12 THEN 'approved' WHEN b.review < 17 THEN 'pending' ELSE 'rejected' END`;

/** 80 % PDF of 1 to 6 pages, 10 % photos (one page, OCR), 5 % spreadsheets of 1 to 3 sheets, 5 % CSV. */
const fileKind = sql`SELECT * FROM (VALUES
    ('application/pdf', '.pdf', 1 + pg_temp.h(b.i, 29) % 6),
    ('image/jpeg', '.jpg', 1),
    ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.xlsx', 1 + pg_temp.h(b.i, 29) % 3),
    ('text/csv', '.csv', 1)) k(mime, extension, pages)
  WHERE k.mime = CASE WHEN b.kind < 16 THEN 'application/pdf' WHEN b.kind < 18 THEN 'image/jpeg'
    WHEN b.kind < 19 THEN 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' ELSE 'text/csv' END`;

async function generateRows(db: Db, scale: DocumentsScale) {
  await seedProducts(db);
  const categoryCodes = Object.keys(documentCategories);
  await db.transaction().execute(async (trx) => {
    const run = (query: ReturnType<typeof sql>) => query.execute(trx);
    await run(sql`CREATE TEMP TABLE bench_param ON COMMIT DROP AS SELECT
      ${sql.val(firstNames)}::text[] AS first_names, ${sql.val(lastNames)}::text[] AS last_names,
      ${sql.val(companyWords)}::text[] AS company_words, ${sql.val(companyPlaces)}::text[] AS company_places,
      ${sql.val([...regions])}::text[] AS regions,
      ${sql.val(productDefinitions.map((p) => p.code))}::text[] AS products,
      ${sql.val(openStatuses)}::text[] AS open_statuses, ${sql.val(closedStatuses)}::text[] AS closed_statuses,
      ${sql.val(categoryCodes)}::text[] AS category_codes,
      ${sql.val(categoryCodes.map((c) => documentCategories[c as keyof typeof documentCategories].fr))}::text[]
        AS category_names,
      ${sql.val(months)}::text[] AS months`);
    await createBenchFunctions(trx);

    await insertBenchPeople(trx, { ...scale, admins: 1 }, 300_000_000);

    // Dossier j belongs to company 1 + (j - 1) % companies, its k-th (k = (j - 1) / companies): products differ.
    // One in seven is closed (kept for the retention period, still searchable by whoever saw it).
    await run(sql`INSERT INTO dossiers (id, company_id, product_code, status, expert_id, estimated_cents, created_by,
        status_changed_at, created_at, updated_at)
      SELECT pg_temp.bid(5, j), pg_temp.bid(2, c), products[1 + (c + k) % cardinality(products)],
        CASE WHEN pg_temp.h(j, 10) % 7 = 0 THEN closed_statuses[1 + pg_temp.h(j, 11) % cardinality(closed_statuses)]
          ELSE open_statuses[1 + pg_temp.h(j, 11) % cardinality(open_statuses)] END,
        pg_temp.bid(3, 1 + pg_temp.h(j, 12) % ${scale.experts}), 1000000, pg_temp.bid(1, c),
        now() - interval '30 days', now() - interval '3 years', now() - interval '30 days'
      FROM generate_series(1, ${scale.dossiers}::bigint) j, bench_param,
      LATERAL (SELECT 1 + (j - 1) % ${scale.companies} AS c, (j - 1) / ${scale.companies} AS k) x`);

    // Document i is in dossier 1 + (i - 1) % dossiers: a category its product asks for (one in ten "other"), the
    // month it is about, uploaded by the company's client over the last three years.
    await run(sql`CREATE TEMP TABLE bench_docs ON COMMIT DROP AS
      SELECT i, pg_temp.bid(6, i) AS id, d.id AS dossier_id, d.expert_id, d.company_id,
        pg_temp.bid(1, 1 + (i - 1) % ${scale.dossiers} % ${scale.companies}) AS client_id,
        CASE WHEN pg_temp.h(i, 20) % 10 = 0 THEN 'other'
          ELSE p.document_categories[1 + pg_temp.h(i, 21) % cardinality(p.document_categories)] END AS category,
        now() - (pg_temp.h(i, 22) % 1095) * interval '1 day' - (pg_temp.h(i, 23) % 86400) * interval '1 second'
          AS created_at,
        pg_temp.h(i, 24) % 20 AS review, pg_temp.h(i, 25) % 20 AS kind, pg_temp.h(i, 26) % 10 = 0 AS two_versions
      FROM generate_series(1, ${scale.documents}::bigint) i
      JOIN dossiers d ON d.id = pg_temp.bid(5, 1 + (i - 1) % ${scale.dossiers})
      JOIN products p ON p.code = d.product_code`);
    await run(sql`INSERT INTO documents (id, dossier_id, category, title, current_version_id, status, created_by,
        created_at, updated_at)
      SELECT b.id, b.dossier_id, b.category,
        category_names[array_position(category_codes, b.category)] || ' ' ||
          months[1 + pg_temp.h(b.i, 27) % 12] || ' ' || extract(year FROM b.created_at),
        pg_temp.bid(7, b.i), ${reviewStatus}, b.client_id,
        b.created_at - CASE WHEN b.two_versions THEN interval '20 days' ELSE interval '0' END,
        b.created_at + interval '2 days'
      FROM bench_docs b, bench_param`);
    await run(sql`INSERT INTO document_versions (id, document_id, dossier_id, version, storage_key, filename, mime_type,
        size_bytes, sha256, encrypted, uploaded_by, created_at, review_status, reviewed_by, reviewed_at,
        review_reason, extraction_status, extracted_at, page_count)
      SELECT pg_temp.bid(7, b.i), b.id, b.dossier_id, CASE WHEN b.two_versions THEN 2 ELSE 1 END,
        'documents/bench/' || b.i || '-current', b.category || '-' || b.i || f.extension, f.mime,
        f.pages * (20000 + pg_temp.h(b.i, 28) % 180000), encode(sha256(('current' || b.i)::bytea), 'hex'), false,
        b.client_id, b.created_at, ${reviewStatus},
        CASE WHEN b.review < 12 OR b.review >= 17 THEN b.expert_id END,
        CASE WHEN b.review < 12 OR b.review >= 17 THEN b.created_at + interval '2 days' END,
        CASE WHEN b.review >= 17 THEN 'Document illisible : merci d''en envoyer une copie nette.' END,
        'done', b.created_at + interval '1 minute', f.pages
      FROM bench_docs b, LATERAL (${fileKind}) f
      UNION ALL
      SELECT pg_temp.bid(8, b.i), b.id, b.dossier_id, 1, 'documents/bench/' || b.i || '-earlier',
        b.category || '-' || b.i || f.extension, f.mime, f.pages * 150000,
        encode(sha256(('earlier' || b.i)::bytea), 'hex'), false, b.client_id, b.created_at - interval '20 days',
        'rejected', b.expert_id, b.created_at - interval '19 days', 'Pièce incomplète : il manque des pages.',
        'done', b.created_at - interval '20 days' + interval '1 minute', f.pages
      FROM bench_docs b, LATERAL (${fileKind}) f
      WHERE b.two_versions`);
  });
}
