/**
 * Documents benchmark: `npm run bench:documents` (BENCH_DOCUMENTS=2000 for a small check run).
 *
 * Generates (or reuses) 100,000 documents with about 1 GB of extracted French text in PostgreSQL — the server of
 * DATABASE_URL (database `ft_bench_documents_<documents>`), or an embedded one under bench/.data/documents — then
 * measures, each phase alone on the machine:
 * 1. search: GET /api/documents/search, 8 at a time for 30 s (BENCH_SEARCH_SECONDS), a mix of roles and query kinds,
 *    then each kind × role apart; the floor, as many GET /api/me by the same callers; the EXPLAIN ANALYZE of the
 *    slowest kind's slowest statement (documents-search.ts, documents-explain.ts);
 * 2. upload: 1 MB and 50 MB files through the multipart API into local disk and an S3 server, with and without
 *    encryption, against a plain stream copy with fsync on the same disk (documents-upload.ts);
 * 3. extraction: pages a second for a 50-page text PDF and for OCR of scanned pages (documents-extraction.ts).
 * Prints the tables, then one JSON line.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../server/db/pool.ts';
import { ensureData, scaleFromEnv } from './documents-data.ts';
import { explainSlowestStatement } from './documents-explain.ts';
import { extractionThroughput } from './documents-extraction.ts';
import { printReport } from './documents-report.ts';
import { searchCast, searchLoad, slowest } from './documents-search.ts';
import { startServer, stopServer } from './documents-server.ts';
import { uploadSizes, uploadThroughput } from './documents-upload.ts';
import { openBenchDatabase } from './support.ts';

const dataRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');

async function main() {
  const scale = scaleFromEnv();
  // Smaller scales are check runs: fewer files to upload and extraction runs.
  const quick = scale.documents < 100_000;
  const seconds = Number(process.env.BENCH_SEARCH_SECONDS ?? (quick ? 10 : 30));
  const database = await openBenchDatabase(
    `ft_bench_documents_${scale.documents}`,
    path.join(dataRoot, 'documents'),
  );
  const { db } = createDb(database.url, 4);
  try {
    const data = await ensureData(database.url, db, scale);
    const loadBefore = os.loadavg()[0]!;
    const cast = await searchCast(db);
    const appDir = path.join(dataRoot, 'documents-app');
    const { child, port } = await startServer(database.url, { dataDir: appDir });
    let search: Awaited<ReturnType<typeof searchLoad>>;
    try {
      search = await searchLoad(port, cast, seconds);
    } finally {
      await stopServer(child);
    }
    const worst = slowest(search, cast);
    const explain = await explainSlowestStatement(database.url, appDir, worst.request);
    const upload = await uploadThroughput(
      database.url,
      db,
      path.join(dataRoot, 'documents-upload'),
      uploadSizes(quick),
    );
    const extraction = await extractionThroughput(quick);
    printReport({
      scale,
      data,
      search,
      slowest: { kind: worst.kind, role: worst.role, explain },
      upload,
      extraction,
      loadBefore,
    });
  } finally {
    await db.destroy();
    await database.stop();
  }
}

await main();
