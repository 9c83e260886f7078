import os from 'node:os';
import type { DataSet, DocumentsScale } from './documents-data.ts';
import type { explainSlowestStatement } from './documents-explain.ts';
import type { ExtractionResults } from './documents-extraction.ts';
import { mb } from './documents-pages.ts';
import { type SearchResults, searchWords } from './documents-search.ts';
import { type AgainstFloor, type PerSize, type UploadResults, worstUploadRatio } from './documents-upload.ts';
import { round2, triple } from './support.ts';

export type DocumentsRun = {
  scale: DocumentsScale;
  data: DataSet;
  search: SearchResults;
  slowest: { kind: string; role: string; explain: Awaited<ReturnType<typeof explainSlowestStatement>> };
  upload: UploadResults;
  extraction: ExtractionResults;
  loadBefore: number;
};

const storeName = (s: { store: string; encrypted: boolean }) =>
  `${s.store}${s.encrypted ? '_encrypted' : ''}`;

const againstFloor = (s: AgainstFloor) =>
  `${s['1mb'].mb_per_s} (${s['1mb'].floor_ratio}) / ${s['50mb'].mb_per_s} (${s['50mb'].floor_ratio})`;

function printTables({ scale, data, search, slowest, upload, extraction, loadBefore }: DocumentsRun) {
  const rows: [string, string][] = [
    ['documents / versions / pages', `${scale.documents} / ${data.versions} / ${data.pages}`],
    ['dossiers / companies / experts', `${scale.dossiers} / ${scale.companies} / ${scale.experts}`],
    ['extracted text', `${mb(data.textBytes)} MB`],
    ['search p50 / p95 / p99 ms (mixed)', triple(search.mixed)],
    [
      'search requests / rps / errors',
      `${search.mixed.count} / ${search.mixed.rps} / ${search.mixed.errors}`,
    ],
    ['floor GET /api/me p50 / p95 / p99 ms', triple(search.floor)],
    ['slowest kind × role (p95)', `${slowest.kind} × ${slowest.role}`],
    ['floor copy 1 MB / 50 MB (MB/s)', `${upload.floor['1mb'].mb_per_s} / ${upload.floor['50mb'].mb_per_s}`],
    ...upload.stores.flatMap((s): [string, string][] => [
      [`upload ${storeName(s)} 1 MB / 50 MB (MB/s, ratio)`, againstFloor(s)],
      [`  the store alone 1 MB / 50 MB (MB/s, ratio)`, againstFloor(s.store_alone)],
    ]),
    ['PDF text extraction (pages/s)', String(extraction.pdf.pages_per_s)],
    [
      'OCR (pages/s)',
      'skipped' in extraction.ocr
        ? `skipped: ${extraction.ocr.skipped}`
        : `${extraction.ocr.pages_per_s} (${Math.round(extraction.ocr.words_read * 100)} % of the words read)`,
    ],
    [
      'machine: cores, load avg before → after',
      `${os.cpus().length}, ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
    ],
  ];
  console.log('\nSearch words by kind (reference: "FAC" and the number of a document the caller may read):');
  for (const [kind, list] of Object.entries(searchWords))
    console.log(`  ${kind.padEnd(10)} ${list.join(', ')}`);
  console.log('\nSearch p50 / p95 / p99 ms by kind and role (8 at a time):');
  for (const c of search.combinations)
    console.log(
      `  ${c.kind.padEnd(10)} ${c.role.padEnd(7)} ${triple(c)}${c.errors ? ` (${c.errors} errors)` : ''}`,
    );
  console.log('\nUpload per file p50 / p95 ms:');
  const perFile = (name: string, s: PerSize) =>
    console.log(
      `  ${name.padEnd(22)} 1 MB ${s['1mb'].p50_ms} / ${s['1mb'].p95_ms}   50 MB ${s['50mb'].p50_ms} / ${s['50mb'].p95_ms}`,
    );
  for (const s of upload.stores) {
    perFile(storeName(s), s);
    perFile('  the store alone', s.store_alone);
  }
  perFile('floor copy', upload.floor);
  console.log(`\nEXPLAIN ANALYZE of the slowest statement of a ${slowest.kind} search by ${slowest.role}:`);
  console.log(slowest.explain.sql);
  console.log(`-- parameters: ${JSON.stringify(slowest.explain.parameters)}`);
  console.log(slowest.explain.plan);
  console.log('');
  for (const [k, v] of rows) console.log(`${k.padEnd(48)} ${v}`);
}

/** Prints the figures, then one JSON line (the one the closing note quotes). */
export function printReport(run: DocumentsRun) {
  printTables(run);
  const { scale, data, search, slowest, upload, extraction, loadBefore } = run;
  const worst = worstUploadRatio(upload);
  const byKind: Record<string, Record<string, number>> = {};
  for (const c of search.combinations) byKind[c.kind] = { ...byKind[c.kind], [c.role]: c.p95_ms };
  console.log(
    JSON.stringify({
      bench: 'documents',
      scale: { ...scale, versions: data.versions, pages: data.pages, text_bytes: data.textBytes },
      // Other processes compete for the same cores: read latencies against this.
      machine: {
        cores: os.cpus().length,
        loadavg_before: round2(loadBefore),
        loadavg_after: round2(os.loadavg()[0]!),
      },
      results: {
        search: {
          p50_ms: search.mixed.p50_ms,
          p95_ms: search.mixed.p95_ms,
          p99_ms: search.mixed.p99_ms,
          max_ms: search.mixed.max_ms,
          requests: search.mixed.count,
          rps: search.mixed.rps,
          errors: search.mixed.errors,
          concurrency: 8,
          floor_p50_ms: search.floor.p50_ms,
          floor_p95_ms: search.floor.p95_ms,
          floor_p99_ms: search.floor.p99_ms,
          // p95 of each kind × role measured apart.
          p95_ms_by_kind: byKind,
          slowest: { kind: slowest.kind, role: slowest.role },
        },
        upload: {
          // The worst of every store × size measured (MB/s over the floor's MB/s), and which one it is.
          floor_ratio: worst.ratio,
          floor_ratio_of: worst.of,
          floor_method:
            'stream copy with fsync on the same disk, the faster of a run before and one after the uploads',
          floor: upload.floor,
          ...Object.fromEntries(
            upload.stores.map((s) => [
              storeName(s),
              // store_alone: the same files put into the same store without the app (no HTTP, no database).
              { '1mb': s['1mb'], '50mb': s['50mb'], store_alone: s.store_alone },
            ]),
          ),
        },
        extraction,
      },
    }),
  );
}
